import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AmpersandRepair } from './ampersand-repair.js';

function repair(input: string, chunkSize: number): { out: string; repairs: string[] } {
  const repairs: string[] = [];
  const r = new AmpersandRepair((message, line) => repairs.push(`${line}: ${message}`));
  let out = '';
  for (let i = 0; i < input.length; i += chunkSize) out += r.push(input.slice(i, i + chunkSize));
  return { out: out + r.end(), repairs };
}

const INPUT =
  '<a t="Tom & Jerry">fish & chips &amp; &lt;b&gt; &#169; &#xA9; x&y</a>\n' +
  '<b><![CDATA[ raw & stays ]]> &nbsp;&eacute; <!-- & too --> <?pi & ?> &undefinedthing;</b>';
const EXPECTED =
  '<a t="Tom &amp; Jerry">fish &amp; chips &amp; &lt;b&gt; &#169; &#xA9; x&amp;y</a>\n' +
  '<b><![CDATA[ raw & stays ]]> &#xA0;&#xE9; <!-- & too --> <?pi & ?> &undefinedthing;</b>';

test('a bare & becomes &amp; and an HTML entity its character reference, the same in chunks of any size', () => {
  for (const size of [1, 2, 3, 7, 64, 100_000]) {
    const { out, repairs } = repair(INPUT, size);
    assert.equal(out, EXPECTED, `chunks of ${size}`);
    assert.deepEqual(repairs, [
      '1: a bare "&" was read as "&amp;"',
      '1: a bare "&" was read as "&amp;"',
      '1: a bare "&" was read as "&amp;"',
      '2: the HTML entity &nbsp; (XML has no such entity) was read as its character',
      '2: the HTML entity &eacute; (XML has no such entity) was read as its character',
    ]);
  }
});

test('well-formed XML passes through untouched', () => {
  const xml = '<?xml version="1.0"?>\n<feed><title>A &amp; B &#8217;</title><c><![CDATA[]]]]><![CDATA[>]]></c></feed>';
  assert.deepEqual(repair(xml, 5), { out: xml, repairs: [] });
});
