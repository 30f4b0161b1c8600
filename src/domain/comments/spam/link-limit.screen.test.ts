import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Submission } from '../screening.js';
import { LinkLimitScreen } from './link-limit.screen.js';
import { findLinks, linkHost } from './links.js';

function submission(bodyHtml: string, maxLinks: number | null, authorUrl = ''): Submission {
  return {
    blogId: '1',
    postId: '2',
    parentId: null,
    authorName: 'Reader',
    authorEmail: '',
    authorUrl,
    bodyHtml,
    bodyText: bodyHtml.replace(/<[^>]*>/g, ''),
    address: '192.0.2.1',
    userAgent: 'test',
    userId: null,
    rules: { holdWords: [], rejectWords: [], maxLinks },
    now: 0,
  };
}

const screen = new LinkLimitScreen();
const three = '<p><a href="https://a.example/">a</a>, see https://b.example/x and www.c.example too</p>';

describe('LinkLimitScreen', () => {
  test('holds a comment with more links than the limit, saying how many', async () => {
    assert.deepEqual(await screen.screen(submission(three, 2)), { verdict: 'hold', reason: '3 links (the limit is 2)' });
    assert.deepEqual(await screen.screen(submission('<p>https://a.example</p>', 0)), {
      verdict: 'hold',
      reason: '1 link (the limit is 0)',
    });
  });

  test('lets a comment at the limit through, and says nothing without a limit', async () => {
    assert.equal(await screen.screen(submission(three, 3)), null);
    assert.equal(await screen.screen(submission(three, null)), null);
  });

  test('does not count the website field', async () => {
    assert.equal(await screen.screen(submission('<p>Nice post</p>', 0, 'https://me.example/')), null);
  });
});

describe('findLinks', () => {
  test('counts anchors and bare addresses, and an auto-linked address once', () => {
    assert.deepEqual(findLinks(three), ['https://a.example/', 'https://b.example/x', 'www.c.example']);
    assert.deepEqual(findLinks('<p><a href="https://a.example/">https://a.example/</a></p>'), ['https://a.example/']);
    assert.deepEqual(findLinks('<p>no links, just example.com and an e-mail a@b.example</p>'), []);
  });

  test('keeps repeats: the same link three times is three links', () => {
    assert.equal(findLinks('<a href="https://x.example">1</a><a href="https://x.example">2</a> https://x.example').length, 3);
  });
});

describe('linkHost', () => {
  test('reads the host, without "www.", lower-cased', () => {
    assert.equal(linkHost('https://WWW.Casino.Example/path?q=1'), 'casino.example');
    assert.equal(linkHost('www.shop.example/x'), 'shop.example');
    assert.equal(linkHost('mailto:someone@example.com'), undefined);
    assert.equal(linkHost('http://'), undefined);
  });
});
