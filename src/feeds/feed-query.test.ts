import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../domain/errors.js';
import { labelFeedPath } from '../domain/blogs/urls.js';
import { feedPageUrl, parseFeedLabels, parsePaging, parseXmlFormat } from './feed-query.js';

test('paging defaults to the first 25 entries, caps max-results at 500 and counts start-index from 1', () => {
  assert.deepEqual(parsePaging({}), { limit: 25, offset: 0 });
  assert.deepEqual(parsePaging({ 'max-results': '5', 'start-index': '11' }), { limit: 5, offset: 10 });
  assert.deepEqual(parsePaging({ 'max-results': '9999' }), { limit: 500, offset: 0 });
  assert.deepEqual(parsePaging({ 'max-results': ['3', '7'] }), { limit: 3, offset: 0 });
});

test('paging refuses what is not a whole number from 1 to a million, naming the parameter', () => {
  for (const bad of ['', '0', '-1', '+1', '1.5', '1e3', ' 1', 'abc', '1000001', '99999999999999999999']) {
    for (const name of ['max-results', 'start-index']) {
      assert.throws(
        () => parsePaging({ [name]: bad }),
        (error: unknown) => error instanceof InvalidInputError && error.status === 400 && error.message.startsWith(`${name} must be`),
        `${name}=${JSON.stringify(bad)}`,
      );
    }
  }
});

test('alt is atom (the default) or rss', () => {
  assert.equal(parseXmlFormat({}), 'atom');
  assert.equal(parseXmlFormat({ alt: 'atom' }), 'atom');
  assert.equal(parseXmlFormat({ alt: 'rss' }), 'rss');
  assert.throws(() => parseXmlFormat({ alt: 'json' }), InvalidInputError);
});

test('labels in a feed path: `/` separates, an encoded slash does not, and paths round-trip', () => {
  assert.deepEqual(parseFeedLabels('rivers/mountains'), ['rivers', 'mountains']);
  assert.deepEqual(parseFeedLabels('1%2F2/caf%C3%A9'), ['1/2', 'café']);
  assert.deepEqual(parseFeedLabels('a/a'), ['a']);
  assert.equal(parseFeedLabels(''), undefined);
  assert.equal(parseFeedLabels('a//b'), undefined);
  assert.equal(parseFeedLabels('%E0%A4%A'), undefined);
  assert.equal(parseFeedLabels(Array.from({ length: 11 }, (_, i) => `l${i}`).join('/')), undefined);
  const names = ['a b+c', '<x>&"y"', '1/2', 'اردو'];
  const path = labelFeedPath(names);
  assert.equal(new URL(path, 'http://x.test').pathname, path);
  assert.deepEqual(parseFeedLabels(path.slice('/feeds/posts/default/-/'.length)), names);
});

test('page URLs carry only what differs from the defaults, in a fixed order', () => {
  const origin = 'http://travel.example.test';
  assert.equal(feedPageUrl(origin, '/feeds/posts/default', { limit: 25, offset: 0 }, 'atom'), `${origin}/feeds/posts/default`);
  assert.equal(
    feedPageUrl(origin, '/feeds/posts/default', { limit: 10, offset: 20 }, 'rss'),
    `${origin}/feeds/posts/default?alt=rss&start-index=21&max-results=10`,
  );
});
