import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectFormat } from './detect.js';
import { ImportRefusedError } from './import-errors.js';
import { bufferSource } from './source.js';

const detect = (content: string) => detectFormat(bufferSource('file.bin', content));

test('the format comes from the content, never the name', async () => {
  const atom = `<?xml version="1.0"?>\n<!-- a comment -->\n<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:blogger.com,1999:blog-1.archive</id></feed>`;
  assert.equal((await detect(atom)).format, 'blogger-atom');
  assert.equal(
    (await detect(`<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'/>`)).format,
    'blogger-2018',
  );
  assert.equal((await detect('\uFEFF<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.1/"><channel/></rss>')).format, 'wxr');
  assert.equal((await detect('{"db":[{"meta":{"version":"5.0"},"data":{"posts":[]}}]}')).format, 'ghost');
  assert.equal((await detect('{"meta":{"version":"003"},"data":{"posts":[]}}')).format, 'ghost');
  assert.equal((await detect('[{"kind":"blogger#post","id":"1"}]')).format, 'blogger-api');
  assert.equal((await detect('{"dastan":{"format":"dastan-export","version":1},"posts":[]}')).format, 'dastan-json');
});

test('anything else is refused, saying what it is and where', async () => {
  const refusal = async (content: string) => {
    try {
      await detect(content);
    } catch (error) {
      assert.ok(error instanceof ImportRefusedError);
      return error.message;
    }
    assert.fail('not refused');
  };
  assert.match(await refusal(''), /empty/);
  assert.match(await refusal('\n\nGNU GENERAL PUBLIC LICENSE'), /^line 3, column 1: .*not a Blogger, WordPress or Ghost export/);
  assert.match(await refusal('<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id></feed>'), /an Atom feed, but not a Blogger backup/);
  assert.match(await refusal('<rss version="2.0"><channel/></rss>'), /not a WordPress export/);
  assert.match(await refusal('<html><body/></html>'), /root element <html>/);
  assert.match(await refusal('{"a": 1,\n "b": }'), /^line 2, column \d+: .*not valid JSON/);
  assert.match(await refusal('{"posts": []}'), /JSON, but not a Ghost export/);
});

test('a broken JSON file is refused at the line and column where it breaks', async () => {
  await assert.rejects(detect('{\n  "db": [\n    {"meta": {}, "data": {"posts": [1, 2,]}}\n  ]\n}'), {
    message: /^line 3, column 42: Unexpected token '\]' — the file is not valid JSON/,
  });
  await assert.rejects(detect('{"db": ['), { message: /^line 1, column 9: .*not valid JSON/ });
});
