import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { openStorage } from '../../src/storage/database.js';
import { UserRepository } from '../../src/storage/repositories/user.repository.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-setup-'));
const env = { ...process.env, DATABASE_URL: path.join(dir, 'dastan.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };

function dastan(args: string[], input: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, input, encoding: 'utf8' });
}

describe('dastan setup', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('creates the owner (password from standard input) and the first blog, then refuses to run again', async () => {
    const args = ['setup', '--email', 'owner@example.com', '--blog', 'travel', '--title', 'Travel notes'];
    const empty = dastan(args, '');
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /^dastan: no password on standard input/);

    const ok = dastan(args, 'a long enough password\n');
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /set up: owner owner@example.com, blog travel/);

    const storage = openStorage(env.DATABASE_URL);
    try {
      const users = new UserRepository(storage.db);
      const owner = await users.findByEmail('owner@example.com');
      assert.ok(owner?.password_hash?.startsWith('scrypt$'));
      const blogs = await users.blogsOfUser(owner!.id);
      assert.deepEqual(
        blogs.map((b) => [b.blog.name, b.role]),
        [['travel', 'owner']],
      );
    } finally {
      await storage.close();
    }

    const again = dastan(['setup', '--email', 'x@example.com', '--blog', 'other', '--title', 'Other'], 'another password\n');
    assert.equal(again.status, 1);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    assert.match(again.stderr, /already set up/);
  });
});
