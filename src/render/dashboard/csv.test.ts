import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toCsv } from './csv.js';

test('CSV quotes what needs quoting and keeps formulas as text', () => {
  const csv = toCsv([
    ['title', 'views'],
    ['Plain', 3],
    ['Comma, "quoted"', 10],
    ['=HYPERLINK("http://evil.example","click")', 1],
    ['+1+2', 2],
    ['-3', 4],
    ['@SUM(A1)', 5],
    ['\tTabbed', 6],
    ['line\nbreak', 7],
  ]);
  const lines = csv.split('\r\n');
  assert.equal(lines[0], 'title,views');
  assert.equal(lines[1], 'Plain,3');
  assert.equal(lines[2], '"Comma, ""quoted""",10');
  assert.equal(lines[3], `"'=HYPERLINK(""http://evil.example"",""click"")",1`);
  assert.equal(lines[4], "'+1+2,2");
  assert.equal(lines[5], "'-3,4");
  assert.equal(lines[6], "'@SUM(A1),5");
  assert.equal(lines[7], "'\tTabbed,6");
  assert.equal(lines[8], '"line\nbreak",7');
  assert.ok(csv.endsWith('\r\n'));
  // No cell of the output starts a formula.
  for (const line of lines) assert.doesNotMatch(line, /(^|,)[=+\-@]/);
});
