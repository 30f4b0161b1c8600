/**
 * `dastan import` and `dastan export` as a person runs them: the real command line in a child process,
 * on a SQLite file of its own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testdata } from '../helpers/imports.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { createServices } from '../../src/services.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-cli-'));
const env = { ...process.env, DATABASE_URL: path.join(dir, 'dastan.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };

function dastan(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dastan import and export', () => {
  before(async () => {
    // The blogs are made here rather than by more child processes: each one costs a second or more.
    const storage = openStorage(env.DATABASE_URL);
    await migrateToLatest(storage);
    const services = createServices(storage, { baseDomain: 'localhost' });
    await services.blogs.createBlog({ name: 'moved', title: 'Moved' });
    await services.blogs.createBlog({ name: 'copy', title: 'Copy' });
    await storage.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('import prints the report: counts, redirects, skipped entries, warnings', () => {
    const run = dastan('import', testdata('wxr/wordpress-importer-valid-wxr-1.1.xml'), '--blog', 'moved');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Imported wordpress-importer-valid-wxr-1.1.xml \(WordPress export \(WXR\)\) into the blog moved/);
    assert.match(run.stdout, /in the file: 1 post, 1 page, 0 drafts, 1 comment, 2 labels, 19 redirects/);
    assert.match(run.stdout, /\n {2}\/\?page_id=2 → \/p\/about\.html\n/);
    assert.match(run.stdout, /Warnings \(1\):\n {2}1 × terms of the taxonomy "post_tax" are not imported/);
  });

  test('a refused file fails with one line naming the line and the reason', () => {
    const run = dastan('import', testdata('wxr/wordpress-importer-crazy-cdata.xml'), '--blog', 'moved');
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      `dastan: cannot import ${testdata('wxr/wordpress-importer-crazy-cdata.xml')}: line 18, column 72: the string "]]>" is disallowed in char data — the file is not well-formed XML; nothing was imported\n`,
    );
    assert.match(
      dastan('import', 'nowhere.xml', '--blog', 'moved').stderr,
      /^dastan: cannot import nowhere.xml: there is no such file; nothing was imported\n$/,
    );
  });

  test('export writes a file that imports into another blog', () => {
    const out = path.join(dir, 'moved.xml');
    const run = dastan('export', '--blog', 'moved', '--format', 'blogger', '--out', out);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /exported moved: 2 posts and pages, 1 comment → /);
    assert.ok(!existsSync(`${out}.partial`));
    assert.match(readFileSync(out, 'utf8'), /<blogger:filename>\/p\/about\.html<\/blogger:filename>/);
    const back = dastan('import', out, '--blog', 'copy');
    assert.match(back.stdout, /\(Blogger backup \(2018 format\)\)[\s\S]*added: {7}1 post, 1 page, 0 drafts, 1 comment, 2 labels/);

    const stdout = dastan('export', '--blog', 'moved', '--format', 'json');
    assert.equal((JSON.parse(stdout.stdout) as { blog: { name: string } }).blog.name, 'moved');
  });
});
