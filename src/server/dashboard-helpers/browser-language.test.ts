import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserLanguage } from './browser-language.js';

test('the browser’s best catalogue language, English otherwise', () => {
  assert.equal(browserLanguage('ur-PK, ur;q=0.9, en;q=0.8'), 'ur');
  assert.equal(browserLanguage('nl-NL, de;q=0.7, en;q=0.5'), 'de', 'Dutch has no catalogue: the next one that does');
  assert.equal(browserLanguage('en;q=0.4, pt-BR;q=0.9'), 'pt', 'the highest q wins, not the first');
  assert.equal(browserLanguage('fr;q=0, es;q=0.2'), 'es', 'q=0 refuses a language');
  assert.equal(browserLanguage('zh-Hans-CN'), 'zh');
  assert.equal(browserLanguage(['ja', 'en']), 'ja');
  for (const none of [undefined, '', '*', 'nl', 'x;q=abc', 'ur;q=2']) assert.equal(browserLanguage(none), 'en', String(none));
});
