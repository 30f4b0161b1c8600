import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CommentIndex, PostIndex } from './source-index.js';

/** Source IDs of many shapes: a shared prefix, others, none, tails that repeat under other prefixes. */
const SOURCE_IDS = [
  ...Array.from({ length: 3000 }, (_, i) => `tag:blogger.com,1999:blog-7000000000000000001.post-${9000000000000000000n + BigInt(i)}`),
  ...Array.from({ length: 50 }, (_, i) => `tag:blogger.com,1999:blog-7000000000000000001.page-${9000000000000000000n + BigInt(i)}`),
  ...Array.from({ length: 50 }, (_, i) => `wxr:https://example.com/blog:comment:${i}`),
  ...Array.from({ length: 50 }, (_, i) => `${i}`),
  ...Array.from({ length: 50 }, (_, i) => `1:${i}`),
  'ghost:post:5f3a1b2c3d4e5f6a7b8c9d0e',
  'ends-in-a-slash/',
  'ends-in-a-slash//',
  '',
  'ünïcödé-ß',
];

test('a post is found by its source ID, and only by it, with its ID and path', () => {
  const index = new PostIndex();
  const expected = new Map<string, { id: string; path: string | null }>();
  for (const [i, sourceId] of SOURCE_IDS.entries()) {
    const post = { id: String(1_000_000_000_000_000_000n + BigInt(i)), path: i % 3 === 0 ? null : `/2020/01/post-${i}.html` };
    index.set(sourceId, post);
    expected.set(sourceId, post);
  }
  assert.equal(index.size, expected.size);
  for (const [sourceId, post] of expected) assert.deepEqual(index.get(sourceId), post, sourceId);
  for (const absent of [
    'tag:blogger.com,1999:blog-7000000000000000001.post-1',
    'wxr:https://example.com/blog:comment:',
    '1:',
    '2:1',
    'x',
  ]) {
    assert.equal(index.get(absent), undefined, absent);
    assert.equal(index.has(absent), false, absent);
  }
});

test('posts an earlier import stored are told apart from this import’s own', () => {
  const index = new PostIndex();
  index.addEarlier('blog.post-1', '9223372036854775807');
  index.addEarlier('blog.post-2', '1');
  index.set('blog.post-3', { id: '5003', path: '/2020/01/three.html' });
  assert.deepEqual(index.get('blog.post-1'), { id: '9223372036854775807', path: null });
  assert.deepEqual(
    ['blog.post-1', 'blog.post-2', 'blog.post-3', 'blog.post-4'].map((s) => index.isEarlier(s)),
    [true, true, false, false],
  );
  assert.throws(() => index.set('blog.post-5', { id: 'p5', path: null }), /Dastan IDs/);
});

test('a comment keeps its ID, post and whether it has its parent', () => {
  const index = new CommentIndex();
  for (const [i, sourceId] of SOURCE_IDS.entries())
    index.set(sourceId, { id: `${6000 + i}`, postId: `${5000 + (i % 7)}`, hasParent: i % 2 === 1 });
  for (const [i, sourceId] of SOURCE_IDS.entries()) {
    assert.deepEqual(index.get(sourceId), { id: `${6000 + i}`, postId: `${5000 + (i % 7)}`, hasParent: i % 2 === 1 }, sourceId);
  }
});

test('replies waiting for their parent are given it once it is stored, in the order they waited', () => {
  const index = new CommentIndex();
  index.set('b.post-10', { id: '610', postId: '501', hasParent: false });
  index.awaitParent('b.post-10', 'b.post-11');
  index.set('b.post-12', { id: '612', postId: '501', hasParent: false });
  // A parent under a prefix no comment has yet.
  index.awaitParent('b.post-12', 'elsewhere:13');
  index.awaitParent('b.post-10', 'b.post-99');
  index.set('b.post-11', { id: '611', postId: '501', hasParent: false });
  index.set('elsewhere:13', { id: '613', postId: '502', hasParent: false });
  assert.deepEqual(
    [...index.orphans()].map(({ reply, parent }) => [reply.id, parent?.id]),
    [
      ['610', '611'],
      ['612', '613'],
      ['610', undefined],
    ],
  );
  assert.throws(() => index.awaitParent('b.post-404', 'b.post-10'), /not stored/);
});

/**
 * Comments as the XML reader hands them on: each source ID and ID a slice of the 256 KB of text it was
 * read in. The chunks are dropped once the comments are in the index.
 */
function indexComments(index: CommentIndex, chunks: number, perChunk: number): void {
  const filler = 'x'.repeat(256 * 1024);
  for (let c = 0; c < chunks; c++) {
    const entries = Array.from({ length: perChunk }, (_, i) => {
      const id = String(9_000_000_000_000_000_000n + BigInt(c * perChunk + i));
      return `<entry><id>tag:blogger.com,1999:blog-7000000000000000001.post-${id}</id></entry>`;
    });
    const chunk = `${entries.join('\n')}${filler}`.slice(0, 256 * 1024);
    for (let at = chunk.indexOf('<id>'); at >= 0; at = chunk.indexOf('<id>', at + 1)) {
      const sourceId = chunk.slice(at + 4, chunk.indexOf('</id>', at));
      const id = sourceId.slice(sourceId.lastIndexOf('-') + 1);
      index.set(sourceId, { id, postId: '5001', hasParent: false });
    }
  }
}

test('the index costs tens of bytes an entry, and keeps none of the text its source IDs were cut from', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const index = new CommentIndex();
  const before = heap();
  // 40,000 comments in 160 chunks: 40 MB of text, the size of the file they would come from.
  indexComments(index, 160, 250);
  const perEntry = (heap() - before) / index.size;
  assert.equal(index.size, 40_000);
  // About 90 bytes; the chunks kept alive would be over 1,000.
  assert.ok(perEntry < 200, `${Math.round(perEntry)} bytes an entry`);
  assert.deepEqual(index.get('tag:blogger.com,1999:blog-7000000000000000001.post-9000000000000039999'), {
    id: '9000000000000039999',
    postId: '5001',
    hasParent: false,
  });
});
