/**
 * `dastan import` and `dastan export` as a person runs them: the real command line in a child process,
 * on a SQLite file of its own.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testdata } from '../helpers/imports.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { createServices } from '../../src/services.js';
import { IMAGE_PATHS, startImageServer } from '../helpers/image-server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-cli-'));
const env = { ...process.env, DATABASE_URL: path.join(dir, 'dastan.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };

function dastan(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The command line without blocking this process (the image server answers from it). */
function dastanAsync(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('dastan import and export', () => {
  before(async () => {
    // The blogs are made here rather than by more child processes: each one costs a second or more.
    const storage = openStorage(env.DATABASE_URL);
    await migrateToLatest(storage);
    const services = createServices(storage, { baseDomain: 'localhost' });
    await services.blogs.createBlog({ name: 'moved', title: 'Moved' });
    await services.blogs.createBlog({ name: 'copy', title: 'Copy' });
    await services.blogs.createBlog({ name: 'pictures', title: 'Pictures' });
    await services.blogs.createBlog({ name: 'updating', title: 'Updating' });
    await services.blogs.createBlog({ name: 'jekyll', title: 'Jekyll' });
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

  test('import takes a Markdown site’s folder, and names the files it left out', () => {
    const run = dastan('import', 'test/fixtures/markdown/jekyll', '--blog', 'jekyll', '--no-settings');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^Imported jekyll\/ \(Jekyll site \(Markdown\)\) into the blog jekyll/);
    assert.match(run.stdout, /in the file: 5 posts, 1 page, 2 drafts/);
    assert.match(run.stdout, /1 × a file whose front matter cannot be read: _posts\/2023-07-01-broken-front-matter\.md \(line 4\)/);
    assert.match(run.stdout, /\/harbour → \/2023\/04\/harbour-at-dawn\.html/);
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

  test('import --media downloads the images (a local server only with --media-allow-address)', async () => {
    const images = await startImageServer();
    try {
      const file = path.join(dir, 'pictures.xml');
      writeFileSync(
        file,
        `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>P</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Pictured</title><content:encoded><![CDATA[<img src="${images.origin}${IMAGE_PATHS.photo}"><img src="${images.origin}${IMAGE_PATHS.missing}">]]></content:encoded>
<wp:post_id>3</wp:post_id><wp:post_date_gmt>2021-02-03 04:05:06</wp:post_date_gmt><wp:post_name>pictured</wp:post_name>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item></channel></rss>`,
      );
      const refused = await dastanAsync('import', file, '--blog', 'pictures', '--media');
      assert.equal(refused.status, 0, refused.stderr);
      assert.match(refused.stdout, /Images: 2 images in the posts; 0 downloaded/);
      assert.match(refused.stdout, /photo\.png: refused: 127\.0\.0\.1 is a private or local address/);
      const run = await dastanAsync('import', file, '--blog', 'pictures', '--media', '--media-allow-address', '127.0.0.1');
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /Images: 2 images in the posts; 1 downloaded, 0 already here, 1 post now showing local copies/);
      assert.match(run.stdout, /Images not downloaded \(1; the posts keep linking to them\):\n {2}\S+gone\.png: the server answered 404/);
    } finally {
      await images.close();
    }
  });

  test('import --update brings what the blog holds up to date from a newer file and prints the counts', () => {
    const first = path.join(dir, 'first.xml');
    const newer = path.join(dir, 'newer.xml');
    const original = readFileSync(testdata('wxr/wordpress-importer-small-export.xml'), 'utf8');
    writeFileSync(first, original);
    writeFileSync(newer, original.replace('<title>Hello world!</title>', '<title>Hello again!</title>'));
    assert.equal(dastan('import', first, '--blog', 'updating').status, 0);
    const run = dastan('import', newer, '--blog', 'updating', '--update', '--no-settings');
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /\n {2}added: {7}0 posts, 0 pages, 0 drafts, 0 comments,/);
    assert.match(run.stdout, /\n {2}updated: {5}1 post, 0 pages, 0 comments; \d+ unchanged\n/);
    assert.match(dastan('import', '--help').stdout, /--update +bring the posts and comments/);
  });
});
