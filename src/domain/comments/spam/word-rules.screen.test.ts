import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContentRules, Submission } from '../screening.js';
import { findWord, WordRulesScreen } from './word-rules.screen.js';

function submission(body: string, rules: Partial<ContentRules>, author: Partial<Submission> = {}): Submission {
  return {
    blogId: '1',
    postId: '2',
    parentId: null,
    authorName: 'Reader',
    authorEmail: '',
    authorUrl: '',
    bodyHtml: `<p>${body}</p>`,
    bodyText: body,
    address: '192.0.2.1',
    userAgent: 'test',
    userId: null,
    rules: { holdWords: [], rejectWords: [], maxLinks: null, ...rules },
    now: 0,
    ...author,
  };
}

const screen = new WordRulesScreen();

describe('WordRulesScreen', () => {
  test('a held word holds the comment and the reason names it', async () => {
    assert.deepEqual(await screen.screen(submission('Try the Casino tonight', { holdWords: ['casino'] })), {
      verdict: 'hold',
      reason: 'contains the held word “casino”',
    });
  });

  test('a rejected word rejects, before any held word', async () => {
    const result = await screen.screen(submission('cheap viagra at the casino', { holdWords: ['casino'], rejectWords: ['Viagra'] }));
    assert.deepEqual(result, { verdict: 'reject', reason: 'contains the blocked word “Viagra”' });
  });

  test('says nothing when no word is found, or there are no words', async () => {
    assert.equal(await screen.screen(submission('A lovely loaf of bread', { holdWords: ['casino'], rejectWords: ['viagra'] })), null);
    assert.equal(await screen.screen(submission('casino', {})), null);
  });

  test('looks at the name, e-mail address and website too', async () => {
    const rules = { holdWords: ['casino'] };
    assert.equal((await screen.screen(submission('Nice post', rules, { authorName: 'Casino Royale' })))?.verdict, 'hold');
    assert.equal((await screen.screen(submission('Nice post', rules, { authorUrl: 'https://casino.example/' })))?.verdict, 'hold');
    const hidden = { bodyHtml: '<p>Nice <a href="https://royal-casino.example/">post</a></p>', bodyText: 'Nice post' };
    assert.equal((await screen.screen(submission('Nice post', rules, hidden)))?.verdict, 'hold', 'a link target');
  });
});

describe('findWord', () => {
  test('matches whole words only, case-insensitively', () => {
    assert.equal(findWord(['casino'], 'CASINO!'), 'casino');
    assert.equal(findWord(['casino'], "the casino's lights"), 'casino');
    assert.equal(findWord(['casino'], 'casinos everywhere'), undefined);
    assert.equal(findWord(['sin'], 'a casino'), undefined);
    assert.equal(findWord(['ass'], 'a classic class'), undefined);
  });

  test('matches phrases across any run of spaces, and words with regex characters literally', () => {
    assert.equal(findWord(['free money'], 'get FREE\n  money now'), 'free money');
    assert.equal(findWord(['free money'], 'free moneybags'), undefined);
    assert.equal(findWord(['c++'], 'I write C++ daily'), 'c++');
    assert.equal(findWord(['a.b'], 'axb'), undefined);
    assert.equal(findWord(['e-cig'], 'buy e-cig here'), 'e-cig');
  });

  test('folds compatibility forms, accents by case, and invisible characters', () => {
    assert.equal(findWord(['casino'], 'ＣＡＳＩＮＯ'), 'casino', 'full-width letters');
    assert.equal(findWord(['CAFÉ'], 'un café crème'), 'CAFÉ');
    assert.equal(findWord(['cafe'], 'un café crème'), undefined, 'accents are letters, not noise');
    assert.equal(findWord(['straße'], 'STRASSE'), 'straße', 'ß folds to ss');
    assert.equal(findWord(['casino'], 'cas\u200Bino'), 'casino', 'a zero-width space inside the word');
    assert.equal(findWord(['ﬁnance'], 'finance'), 'ﬁnance', 'a ligature');
  });

  test('finds Urdu and Arabic words on word boundaries, whatever the letter forms and vowel marks', () => {
    assert.equal(findWord(['کیسینو'], 'یہ آن لائن کیسینو ہے'), 'کیسینو');
    assert.equal(findWord(['کیسینو'], 'یہ آن لائن کیسینوز ہے'), undefined);
    // Arabic kaf and yeh where the rule has the Urdu forms.
    assert.equal(findWord(['کیسینو'], 'كيسينو'), 'کیسینو');
    assert.equal(findWord(['قرض'], 'سستے قَرض یہاں'), 'قرض', 'a vowel mark in the text');
  });

  test('finds words inside text written without spaces (Chinese, Japanese, Thai)', () => {
    assert.equal(findWord(['赌场'], '欢迎来到在线赌场玩'), '赌场');
    assert.equal(findWord(['カジノ'], 'オンラインカジノで遊ぶ'), 'カジノ');
    assert.equal(findWord(['赌场'], '欢迎来到这里'), undefined);
  });

  test('ignores rule words that are only spaces', () => {
    assert.equal(findWord(['  ', ''], 'anything at all'), undefined);
  });
});
