import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommentRow } from '../../storage/schema.js';
import { buildThreads, type CommentThread } from './comment.service.js';

function comment(id: string, parent: string | null): CommentRow {
  return {
    id,
    blog_id: 'b',
    post_id: 'p',
    parent_id: parent,
    status: 'live',
    author_name: id,
    author_url: '',
    author_email: '',
    author_user_id: null,
    body_html: id,
    created_at: Number(id),
    updated_at: Number(id),
    source_id: null,
    reasons: '',
    address_hash: null,
    email_hash: null,
    notify_replies: 0,
  };
}

const shape = (threads: CommentThread[]): unknown => threads.map((t) => [t.comment.id, shape(t.replies)]);

test('replies nest under their parents, oldest first', () => {
  const threads = buildThreads([comment('1', null), comment('2', '1'), comment('3', null), comment('4', '2')]);
  assert.deepEqual(shape(threads), [
    ['1', [['2', [['4', []]]]]],
    ['3', []],
  ]);
});

test('past the depth limit replies continue flat at the deepest level', () => {
  const threads = buildThreads([comment('1', null), comment('2', '1'), comment('3', '2'), comment('4', '3'), comment('5', '4')], 3);
  assert.deepEqual(shape(threads), [
    [
      '1',
      [
        [
          '2',
          [
            ['3', []],
            ['4', []],
            ['5', []],
          ],
        ],
      ],
    ],
  ]);
});

test('a reply whose parent is not shown stands at the top level', () => {
  assert.deepEqual(shape(buildThreads([comment('2', '1')])), [['2', []]]);
});

test('a reply listed before the comment it answers still nests under it', () => {
  // Comments written in the same millisecond come back from the database in no particular order.
  const threads = buildThreads([comment('3', '2'), comment('2', '1'), comment('1', null)]);
  assert.deepEqual(shape(threads), [['1', [['2', [['3', []]]]]]]);
});

test('parent links that loop are shown at the top level, not followed forever', () => {
  const threads = buildThreads([comment('1', '2'), comment('2', '1'), comment('3', '1')]);
  assert.deepEqual(shape(threads), [
    ['1', []],
    ['2', []],
    ['3', []],
  ]);
});
