/** The labels field's text and back: commas separate, quotes keep a comma (or a quote) inside a name. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLabelList, parseLabelList } from './label-list.js';

test('labels are split at commas outside quotes, and written back the same way', () => {
  assert.deepEqual(parseLabelList('java, "maven, test",, travel '), ['java', 'maven, test', 'travel']);
  assert.deepEqual(parseLabelList('"say ""hi""", x'), ['say "hi"', 'x']);
  assert.deepEqual(parseLabelList('a "quoted" word, b'), ['a "quoted" word', 'b'], 'a quote inside a name is kept');
  assert.deepEqual(parseLabelList(''), []);
  for (const names of [
    ['java', 'maven, test'],
    ['say "hi"', 'x, y, z'],
    ['اردو، لیبل', 'plain'],
  ]) {
    assert.equal(parseLabelList(formatLabelList(names)).join('|'), names.join('|'));
  }
  assert.equal(formatLabelList(['java', 'maven, test']), 'java, "maven, test"');
});
