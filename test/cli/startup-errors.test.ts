/**
 * Issue 19, finding 9: a server that cannot open its database says which file or DATABASE_URL, and why,
 * in one line, and exits non-zero: run through the real command line (`dastan serve` and `dastan
 * migrate`), never a stack trace, never a PostgreSQL password.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { POSTGRES_URL, testDatabases } from '../helpers/databases.js';
import { mountSmallDisk } from '../helpers/small-disk.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-start-'));
chmodSync(dir, 0o755);

function dastan(args: string[], databaseUrl: string, user?: string) {
  const env = { ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent', PORT: '0' };
  const command = [process.execPath, '--import', 'tsx', 'src/cli/main.ts', ...args];
  const [file, ...rest] = user
    ? ['runuser', '-u', user, '--', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command]
    : command;
  const result = spawnSync(file!, rest, { env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stderr: result.stderr.trim(), stdout: result.stdout };
}

/** One line, naming what it must, with no stack and no "unexpected error". */
function assertHumanFailure(result: ReturnType<typeof dastan>, names: RegExp[]) {
  assert.equal(result.status, 1, `exit status; stderr: ${result.stderr}`);
  assert.equal(result.stderr.split('\n').length, 1, result.stderr);
  assert.doesNotMatch(result.stderr, /unexpected error|\n\s+at |node_modules/);
  for (const name of names) assert.match(result.stderr, name);
}

describe('start-up errors name the file or DATABASE_URL', () => {
  const notAFolder = path.join(dir, 'plain-file');
  writeFileSync(notAFolder, 'x');
  const folder = path.join(dir, 'a-folder.db');
  mkdirSync(folder);
  const text = path.join(dir, 'notes.db');
  writeFileSync(text, 'These are notes, not a database. '.repeat(40));

  const cases: [string, string, RegExp[]][] = [
    [
      'a path under a file',
      path.join(notAFolder, 'dastan.db'),
      [/cannot open the SQLite database .*plain-file\/dastan\.db/, /DATABASE_URL=/],
    ],
    ['a folder where the file should be', folder, [/a-folder\.db/, /DATABASE_URL=/, /cannot be opened/]],
    ['a file that is not a database', text, [/notes\.db/, /not a database/, /not a Dastan SQLite database/]],
    [
      'a sqlite: URL to nowhere it may write',
      'sqlite:///proc/dastan.db',
      [/\/proc\/dastan\.db/, /DATABASE_URL=sqlite:\/\/\/proc\/dastan\.db/],
    ],
  ];
  cases.forEach(([what, url, names], i) => {
    // `serve` for each; `migrate` (the same opening) once, to show the commands share it.
    test(`${what}: exits 1 with one line`, () => {
      for (const command of i === 0 ? ['serve', 'migrate'] : ['serve']) assertHumanFailure(dastan([command], url), names);
    });
  });

  const asRoot = process.getuid?.() === 0;
  // The other user must be able to run this very Node binary (not so when it sits in a private folder).
  const nobodyRunsNode = asRoot && spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '--version']).status === 0;
  test(
    'a read-only database file ("attempt to write a readonly database") is named',
    {
      skip: !asRoot ? 'needs root to run as another user' : nobodyRunsNode ? false : `user nobody cannot run ${process.execPath}`,
    },
    () => {
      const ro = path.join(dir, 'ro');
      mkdirSync(ro);
      const file = path.join(ro, 'dastan.db');
      assert.equal(dastan(['migrate'], file).status, 0);
      chmodSync(file, 0o444);
      chmodSync(ro, 0o755);
      const data = path.join(dir, 'data');
      mkdirSync(data, { recursive: true });
      chownSync(data, 65534, 65534);
      chmodSync(path.join(data, 'secret-key'), 0o644);
      const result = dastan(['serve'], file, 'nobody');
      assertHumanFailure(result, [/ro\/dastan\.db/, /DATABASE_URL=/, /readonly database/, /read-only to the server/]);
    },
  );

  test('a full disk at start is named', () => {
    const disk = mountSmallDisk(1);
    if (typeof disk === 'string') return void console.log(`skipped: ${disk}`);
    try {
      disk.fill();
      assertHumanFailure(dastan(['migrate'], path.join(disk.dir, 'dastan.db')), [/dastan\.db/, /DATABASE_URL=/, /full/]);
    } finally {
      disk.unmount();
    }
  });

  const pgSkip = testDatabases.find((d) => d.name === 'postgres')!.skip;
  test('PostgreSQL: refused, unknown database, unknown host and a malformed URL, without the password', { skip: pgSkip }, () => {
    const server = new URL(POSTGRES_URL);
    const at = (rest: string) => `postgres://dastan:Sup3r-S3cret@${rest}`;
    const pgCases: [string, RegExp[]][] = [
      [at('127.0.0.1:1/dastan'), [/ECONNREFUSED/, /is PostgreSQL running/]],
      [
        `postgres://${server.username || 'postgres'}:Sup3r-S3cret@${server.host}/no_such_database_here`,
        [/does not exist/, /create the database/],
      ],
      [at('no-such-host.invalid/dastan'), [/ENOTFOUND/]],
      ['postgres://dastan:Sup3r-S3cret@@bad host/x', [/not a valid postgres/]],
    ];
    for (const [url, names] of pgCases) {
      const result = dastan(['serve'], url);
      assertHumanFailure(result, [/DATABASE_URL=postgres:\/\//, /\*\*\*/, ...names]);
      assert.doesNotMatch(result.stderr, /Sup3r-S3cret/);
    }
  });
});

after(() => spawnSync('rm', ['-rf', dir]));
