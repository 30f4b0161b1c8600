import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redirectKey } from './redirect-key.js';

test('old addresses are written one way: decoded, lower case, no trailing slash or query', () => {
  assert.equal(redirectKey('/2019/05/Hello-World/'), '/2019/05/hello-world');
  assert.equal(redirectKey('/2019/05/hello-world?utm_source=x#top'), '/2019/05/hello-world');
  assert.equal(redirectKey('/caf%C3%A9/'), '/café');
  assert.equal(redirectKey('/cafe\u0301/'), '/café', 'NFC');
  assert.equal(redirectKey('//tag//x/'), '/tag/x');
  assert.equal(redirectKey('/bad%zz/'), '/bad%zz', 'a broken escape is kept as written');
});

test("WordPress's query links on the home page keep their one meaningful parameter", () => {
  assert.equal(redirectKey('/?p=123'), '/?p=123');
  assert.equal(redirectKey('/?utm=1&page_id=9'), '/?page_id=9');
  assert.equal(redirectKey('/index.php?p=7'), '/?p=7');
  assert.equal(redirectKey('/?feed=RSS2'), '/?feed=rss2');
  assert.equal(redirectKey('/'), undefined, 'the home page itself never redirects');
  assert.equal(redirectKey('/?q=hello'), undefined);
  assert.equal(redirectKey('https://elsewhere.example/x'), undefined);
  assert.equal(redirectKey('/a\u0000b'), undefined);
});
