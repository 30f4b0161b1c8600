/**
 * The classifier on the labelled set (test/spam/corpus): trained from stored comments by the bulk
 * trainer on the training part, then asked about the held-out part through the screen. Prints accuracy,
 * precision and recall for spam, and how each kind spreads over the verdicts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import type { Storage } from '../../src/storage/database.js';
import { SpamRepository } from '../../src/storage/repositories/spam.repository.js';
import { SpamClassifier } from '../../src/domain/comments/spam/classifier.js';
import { BayesScreen } from '../../src/domain/comments/spam/bayes.screen.js';
import { trainFromStoredComments } from '../../src/domain/comments/spam/train-blog.js';
import type { ScreenVerdict } from '../../src/domain/comments/screening.js';
import { labelledComments } from './corpus/index.js';
import { spamFixture, storeComment, submissionOf, type SpamFixture } from './helpers.js';

const sqlite = testDatabases.find((d) => d.name === 'sqlite')!;

describe('the spam classifier on a held-out labelled set', () => {
  let storage: Storage;
  let f: SpamFixture;
  let classifier: SpamClassifier;
  const set = labelledComments();

  before(async () => {
    storage = await sqlite.open();
    f = await spamFixture(storage);
    const repository = new SpamRepository(storage.db);
    classifier = new SpamClassifier(repository, f.clock.now);
    for (const c of set.train) await storeComment(f, c);
    const report = await trainFromStoredComments(repository, f.blog.id, f.clock.now);
    assert.equal(report.learned, set.train.length);
  });
  after(() => storage.close());

  test('sorts the held-out comments with high accuracy and almost no ham called spam', async () => {
    const screen = new BayesScreen(classifier);
    const spread: Record<'spam' | 'ham', Record<ScreenVerdict, number>> = {
      spam: { publish: 0, challenge: 0, hold: 0, spam: 0, reject: 0 },
      ham: { publish: 0, challenge: 0, hold: 0, spam: 0, reject: 0 },
    };
    let tp = 0;
    let fp = 0;
    let tn = 0;
    let fn = 0;
    const misses: string[] = [];
    // Scores in tenths, per kind: where the thresholds in bayes.screen.ts come from.
    const histogram = { spam: new Array<number>(10).fill(0), ham: new Array<number>(10).fill(0) };
    for (const c of set.heldOut) {
      const result = await screen.screen(submissionOf(f.blog.id, c));
      assert.ok(result, 'a trained classifier scores every comment it has clues for');
      spread[c.isSpam ? 'spam' : 'ham'][result.verdict]++;
      histogram[c.isSpam ? 'spam' : 'ham'][Math.min(9, Math.floor(Number(result.reason.replace('spam score ', '')) * 10))]!++;
      // For accuracy, "spam" means the comment is kept from readers without a person: held or spam.
      const saidSpam = result.verdict === 'spam' || result.verdict === 'hold';
      if (saidSpam && c.isSpam) tp++;
      else if (saidSpam) fp++;
      else if (c.isSpam) fn++;
      else tn++;
      if (saidSpam !== c.isSpam) misses.push(`${c.isSpam ? 'spam' : 'ham'} ${result.reason}: ${c.bodyHtml.slice(0, 100)}`);
    }
    const accuracy = (tp + tn) / set.heldOut.length;
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      `held-out ${set.heldOut.length} (trained on ${set.train.length}): accuracy ${accuracy.toFixed(3)}, spam precision ${precision.toFixed(3)}, spam recall ${recall.toFixed(3)}`,
    );
    console.log(`verdicts for spam: ${JSON.stringify(spread.spam)}; for ham: ${JSON.stringify(spread.ham)}`);
    console.log(`scores by tenths, spam: ${histogram.spam.join(' ')}; ham: ${histogram.ham.join(' ')}`);
    for (const m of misses) console.log(`  missed: ${m}`);
    assert.ok(accuracy >= 0.95, `accuracy ${accuracy}`);
    assert.ok(precision >= 0.97, `precision ${precision}`);
    assert.equal(spread.ham.spam, 0, 'no held-out ham is stored as spam');
  });
});
