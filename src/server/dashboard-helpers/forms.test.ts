import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeNext } from './forms.js';

test('safeNext keeps paths on this site, with their query and fragment', () => {
  for (const path of [
    '/admin',
    '/admin/blogs/www/posts?status=draft',
    '/2026/11/talk-to-me.html#comments',
    '/p/about.html',
    '/comments/12/edit',
    '/search?q=a%20b',
  ])
    assert.equal(safeNext(path), path);
});

test('safeNext sends anything that could leave the site, or is not a plain path, to the dashboard', () => {
  const refused = [
    undefined,
    '',
    '//evil.com',
    '//evil.com/2026/11/x.html',
    'https://evil.com',
    'http://evil.com/#comments',
    '/\\evil.com',
    '/\\/evil.com',
    '\\\\evil.com',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' /2026/11/x.html',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\u0000',
    '/caf\u00e9',
    '/\u3000/evil.com',
    'evil.com',
    '/' + 'x'.repeat(2000),
  ];
  for (const next of refused) assert.equal(safeNext(next), '/admin', JSON.stringify(next));
});
