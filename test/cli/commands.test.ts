import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-cli-'));
const env = { ...process.env, DATABASE_URL: path.join(dir, 'cli.db'), DATA_DIR: dir, LOG_LEVEL: 'silent' };

function dastan(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { env, input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('every command has --help', () => {
  const top = dastan(['--help']);
  assert.equal(top.status, 0);
  for (const name of ['serve', 'migrate', 'blog', 'user', 'post']) assert.match(top.stdout, new RegExp(`\\b${name}\\b`));
  for (const args of [
    ['blog', 'create', '--help'],
    ['post', 'create', '--help'],
    ['user', 'create', '--help'],
    ['migrate', '--help'],
  ]) {
    const help = dastan(args);
    assert.equal(help.status, 0, args.join(' '));
    assert.match(help.stdout, /Usage: dastan/);
  }
});

test('migrate, blog create, user create and post create work together', () => {
  assert.match(dastan(['migrate']).stdout, /applied|up to date/);
  const blog = dastan(['blog', 'create', 'travel', '--title', 'Travel notes', '--language', 'en', '--time-zone', 'Europe/Berlin']);
  assert.equal(blog.status, 0, blog.stderr);
  assert.match(blog.stdout, /created blog travel/);
  const user = dastan(
    ['user', 'create', 'ann@example.com', '--password-stdin', '--blog', 'travel', '--role', 'author'],
    'correct horse battery',
  );
  assert.equal(user.status, 0, user.stderr);
  const body = path.join(dir, 'post.md');
  writeFileSync(body, '# Heading\n\nSome *Markdown* text.\n');
  const post = dastan([
    'post',
    'create',
    '--blog',
    'travel',
    '--title',
    'First post',
    '--body-file',
    body,
    '--labels',
    'a,b',
    '--published-at',
    '2026-03-04T10:00:00Z',
  ]);
  assert.equal(post.status, 0, post.stderr);
  assert.match(post.stdout, /created post \d+ \(live\) \/2026\/03\/first-post\.html/);
  const page = dastan(['post', 'create', '--blog', 'travel', '--title', 'About', '--body-file', body, '--page']);
  assert.match(page.stdout, /\/p\/about\.html/);
  const comment = dastan([
    'comment',
    'create',
    '--blog',
    'travel',
    '--post',
    '/2026/03/first-post.html',
    '--name',
    'Reader',
    '--body',
    'Nice <b>post</b>',
  ]);
  assert.equal(comment.status, 0, comment.stderr);
  const id = /created comment (\d+) \(live\)/.exec(comment.stdout)?.[1];
  assert.ok(id, comment.stdout);
  const reply = dastan([
    'comment',
    'create',
    '--blog',
    'travel',
    '--post',
    '/2026/03/first-post.html',
    '--name',
    'Writer',
    '--body',
    'Thanks',
    '--reply-to',
    id,
  ]);
  assert.equal(reply.status, 0, reply.stderr);
  const list = dastan(['blog', 'list']);
  assert.match(list.stdout, /^travel\tTravel notes/m);
});

test('bad input exits non-zero with one line naming the problem', () => {
  const cases: [string[], RegExp][] = [
    [['blog', 'create', 'Bad Name!', '--title', 'x'], /blog name/],
    [['blog', 'create', 'ok-name', '--title', 'x', '--time-zone', 'Mars/Olympus'], /time zone/],
    [['post', 'create', '--blog', 'nope', '--title', 't', '--body-file', '/etc/hostname'], /no blog named "nope"/],
    [['post', 'create', '--blog', 'travel', '--title', 't', '--body-file', path.join(dir, 'missing.html')], /cannot read/],
    [
      ['post', 'create', '--blog', 'travel', '--title', 't', '--body-file', '/etc/hostname', '--published-at', 'yesterday'],
      /--published-at/,
    ],
    [['user', 'create', 'not-an-email'], /e-mail/],
    [['comment', 'create', '--blog', 'travel', '--post', '/2026/03/none.html', '--name', 'x', '--body', 'y'], /no post/],
    [
      ['comment', 'create', '--blog', 'travel', '--post', '/2026/03/first-post.html', '--name', 'x', '--body', 'y', '--reply-to', '123'],
      /same post/,
    ],
  ];
  for (const [args, reason] of cases) {
    const result = dastan(args);
    assert.notEqual(result.status, 0, args.join(' '));
    assert.match(result.stderr, reason, args.join(' '));
    assert.equal(result.stderr.trim().split('\n').length, 1, `one line: ${result.stderr}`);
  }
});

test('a bad configuration value stops with the variable named', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'migrate'], {
    env: { ...env, PORT: 'abc' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^dastan: PORT: /);
});
