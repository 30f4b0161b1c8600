#!/usr/bin/env node
// Runs every *.test.ts file under src/ and test/ with Node's test runner (TypeScript through tsx), in three
// phases, each reported with its wall time:
//   1. the in-process files (storage, HTTP, importers, processes), several files at once: most of their time
//      is spent waiting on PostgreSQL, child processes and sockets, so a 2-core machine runs three at a time
//      (TEST_CONCURRENCY; the default is the larger of 3 and the number of cores less one);
//   2. the Chromium files in test/browser, two at a time (TEST_BROWSER_CONCURRENCY, default 2);
//   3. Lighthouse alone: its performance score is a measure of the machine, so nothing runs beside it.
// `--without-browser` runs phase 1 only (the second runtime's pass in .ci/test-on-node: the browser side
// does not depend on the server's Node). Named files run as given, through the same phases.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

function count(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d*$/.test(raw)) {
    console.error(`${name}: a whole number from 1 (got "${raw}")`);
    process.exit(2);
  }
  return Number(raw);
}

const args = process.argv.slice(2);
const withoutBrowser = args.includes('--without-browser');
const named = args.filter((a) => a !== '--without-browser');
const files = (named.length > 0 ? named : [...find('src'), ...find('test')]).sort((a, b) => a.localeCompare(b));
const isBrowser = (f) => f.split(path.sep).includes('browser') || f.includes('/browser/');
const isAlone = (f) => /lighthouse/.test(path.basename(f));

const phases = [
  {
    name: 'in-process tests',
    files: files.filter((f) => !isBrowser(f)),
    concurrency: count('TEST_CONCURRENCY', Math.max(3, os.availableParallelism() - 1)),
  },
  ...(withoutBrowser
    ? []
    : [
        {
          name: 'browser tests',
          files: files.filter((f) => isBrowser(f) && !isAlone(f)),
          concurrency: count('TEST_BROWSER_CONCURRENCY', 2),
        },
        { name: 'Lighthouse, alone', files: files.filter((f) => isBrowser(f) && isAlone(f)), concurrency: 1 },
      ]),
];

let failed = false;
for (const phase of phases) {
  if (phase.files.length === 0) continue;
  if (phase !== phases[0] && process.env.DASTAN_CLIENT_SCRIPTS_BUILT !== '1') {
    // Built once here, not by each browser file: files side by side must not rewrite a bundle being loaded.
    for (const script of ['build-editor', 'build-comments']) {
      const built = spawnSync(process.execPath, [`scripts/${script}.mjs`], { stdio: 'inherit' });
      if (built.status !== 0) process.exit(1);
    }
    process.env.DASTAN_CLIENT_SCRIPTS_BUILT = '1';
  }
  const started = Date.now();
  console.log(`\n=== ${phase.name}: ${phase.files.length} file(s), ${phase.concurrency} at a time`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', `--test-concurrency=${phase.concurrency}`, '--test-reporter=spec', ...phase.files],
    { stdio: 'inherit' },
  );
  const ok = result.status === 0;
  failed ||= !ok;
  console.log(`=== ${phase.name}: ${ok ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 60_000).toFixed(1)} min`);
}
process.exit(failed ? 1 : 0);
