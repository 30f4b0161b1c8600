import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LinkLimitScreen } from '../../src/domain/comments/spam/link-limit.screen.js';
import { WordRulesScreen } from '../../src/domain/comments/spam/word-rules.screen.js';
import { reasonsOf, reasonText } from '../../src/domain/comments/spam-reasons.js';
import { textsFor } from '../../src/render/i18n/translate.js';
import { NO_RULES, submission } from './helpers.js';

describe('held comments’ reasons in the moderator’s language', () => {
  const ur = textsFor('ur');

  test('what the screens write is read back and written from the catalogue', async () => {
    const links = await new LinkLimitScreen().screen(
      submission({ bodyHtml: '<p>https://a.example and https://b.example</p>', rules: { ...NO_RULES, maxLinks: 1 } }),
    );
    assert.equal(reasonText(ur, links!.reason), '2 لنکس (حد 1 ہے)');
    assert.equal(reasonText(textsFor('ru'), links!.reason), '2 ссылки (предел — 1)');
    const word = await new WordRulesScreen().screen(
      submission({ bodyHtml: '<p>buy cheap pills</p>', rules: { ...NO_RULES, holdWords: ['cheap'] } }),
    );
    assert.equal(reasonText(ur, word!.reason), 'روکا گیا لفظ “\u2068cheap\u2069” شامل ہے');
    assert.equal(reasonText(ur, 'spam score 0.97'), 'سپیم اسکور 0.97');
    assert.equal(reasonText(textsFor('fa'), 'spam score 0.97'), 'امتیاز هرزنامه ۰٫۹۷');
  });

  test('English stays as stored; a reason no pattern knows is shown as it is', () => {
    const stored = ['The post is older than 14 days.', 'Proof of work solved.', 'the word [challenge]'].join('\n');
    assert.deepEqual(reasonsOf(textsFor('en'), stored), [
      'The post is older than 14 days.',
      'Proof of work solved.',
      'the word [challenge]',
    ]);
    assert.deepEqual(reasonsOf(ur, stored), ['تحریر 14 دن سے پرانی ہے۔', 'پروف آف ورک حل ہو گیا۔', 'the word [challenge]']);
    assert.deepEqual(reasonsOf(ur, ''), []);
  });
});
