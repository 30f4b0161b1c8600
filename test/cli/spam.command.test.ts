/** `dastan spam train` as a person runs it: the real command line in a child process, on a SQLite file. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { SpamRepository } from '../../src/storage/repositories/spam.repository.js';
import { labelledComments } from '../spam/corpus/index.js';
import { spamFixture, storeComment } from '../spam/helpers.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-spam-'));
const env = { ...process.env, DATABASE_URL: path.join(dir, 'dastan.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };

function dastan(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dastan spam train', () => {
  let blogName = '';
  let blogId = '';
  before(async () => {
    const storage = openStorage(env.DATABASE_URL);
    await migrateToLatest(storage);
    const f = await spamFixture(storage);
    blogName = f.blog.name;
    blogId = f.blog.id;
    for (const c of labelledComments({ ham: 12, spam: 12, heldOutShare: 0 }).train) await storeComment(f, c);
    await storage.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('learns the stored comments, and nothing more the second time', async () => {
    const first = dastan('spam', 'train', '--blog', blogName);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(
      first.stdout,
      `trained ${blogName}: learned 24 comments of 24 live or spam; the classifier now knows 12 spam and 12 not spam\n`,
    );
    const again = dastan('spam', 'train', '--blog', blogName);
    assert.equal(
      again.stdout,
      `trained ${blogName}: learned 0 comments of 24 live or spam; the classifier now knows 12 spam and 12 not spam\n`,
    );
    const storage = openStorage(env.DATABASE_URL);
    try {
      assert.deepEqual(await new SpamRepository(storage.db).corpus(blogId), { spam: 12, ham: 12 });
    } finally {
      await storage.close();
    }
  });

  test('an unknown blog fails with one line', () => {
    const run = dastan('spam', 'train', '--blog', 'nosuchblog');
    assert.equal(run.status, 1);
    assert.equal(run.stderr, 'dastan: no blog named "nosuchblog" (see: dastan blog list)\n');
  });
});
