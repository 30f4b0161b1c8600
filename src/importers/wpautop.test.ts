import assert from 'node:assert/strict';
import { test } from 'node:test';
import { wpautop } from './wpautop.js';

test('classic-editor content gets its paragraphs and line breaks', () => {
  assert.equal(wpautop('One\ntwo\n\nThree'), '<p>One<br>\ntwo</p>\n\n<p>Three</p>');
  assert.equal(wpautop('<h2>Title</h2>\n\nText'), '<h2>Title</h2>\n\n<p>Text</p>');
  assert.equal(wpautop('Code:\n\n<pre>a\n\nb</pre>'), '<p>Code:</p>\n\n<pre>a\n\nb</pre>');
});

test('content that already has paragraphs, breaks or blocks is left alone', () => {
  for (const html of ['<p>One</p>\n\n<p>Two</p>', 'a<br />\nb', '<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->', 'one line']) {
    assert.equal(wpautop(html), html);
  }
});
