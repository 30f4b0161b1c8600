/**
 * The Big List of Naughty Strings (test/fixtures/naughty, MIT) through every content screen and the
 * classifier's storage on both databases: as body, name, website and rule word, none throws, and every learned
 * token comes back from the database as it went in.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import type { Storage } from '../../src/storage/database.js';
import { SpamRepository } from '../../src/storage/repositories/spam.repository.js';
import { SpamClassifier } from '../../src/domain/comments/spam/classifier.js';
import { BayesScreen } from '../../src/domain/comments/spam/bayes.screen.js';
import { LinkLimitScreen } from '../../src/domain/comments/spam/link-limit.screen.js';
import { WordRulesScreen } from '../../src/domain/comments/spam/word-rules.screen.js';
import { tokenize } from '../../src/domain/comments/spam/tokenize.js';
import { screenSubmission } from '../../src/domain/comments/screening.js';
import { spamFixture, submission, type SpamFixture } from './helpers.js';

const BLNS: string[] = JSON.parse(readFileSync(new URL('../fixtures/naughty/blns.json', import.meta.url), 'utf8'));
const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

describe('naughty strings through the content screens', () => {
  let storage: Storage;
  let f: SpamFixture;
  before(async () => {
    storage = await sqlite.open();
    f = await spamFixture(storage);
  });
  after(() => storage.close());

  test('as body, name, website and rule word, no screen throws', async () => {
    const classifier = new SpamClassifier(new SpamRepository(storage.db), f.clock.now);
    for (let i = 0; i < 12; i++) await classifier.learn(f.blog.id, `ham words ${i} ${BLNS[i]}`, false);
    for (let i = 0; i < 12; i++) await classifier.learn(f.blog.id, `spam casino ${i} ${BLNS[i + 12]}`, true);
    const screens = [new WordRulesScreen(), new LinkLimitScreen(), new BayesScreen(classifier)];
    for (const s of BLNS) {
      const rules = { holdWords: [s], rejectWords: [s.toUpperCase()], maxLinks: 1 };
      const result = await screenSubmission(
        screens,
        submission({ blogId: f.blog.id, bodyHtml: `<p>${s}</p>`, bodyText: s, authorName: s, authorUrl: s, authorEmail: s, rules }),
      );
      assert.ok(['publish', 'challenge', 'hold', 'spam', 'reject'].includes(result.verdict), s);
    }
  });

  test('every token learned comes back from the database unchanged', async () => {
    const repo = new SpamRepository(storage.db);
    const g = await spamFixture(storage);
    const tokens = new Set<string>();
    for (const s of BLNS) {
      await new SpamClassifier(repo, g.clock.now).learn(g.blog.id, s, true);
      for (const t of tokenize({ body: s })) tokens.add(t);
    }
    const stored = await repo.tokenCounts(g.blog.id, [...tokens]);
    assert.deepEqual(
      [...tokens].filter((t) => !stored.has(t)),
      [],
    );
  });
});
