#!/usr/bin/env node
// Runs every *.test.ts file under src/ and test/ with Node's test runner (TypeScript through tsx).
// Browser tests live in test/browser and run last, after the in-process ones.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) find(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const only = process.argv.slice(2);
const files =
  only.length > 0
    ? only
    : [...find('src'), ...find('test')].sort((a, b) => Number(a.includes('browser')) - Number(b.includes('browser')) || a.localeCompare(b));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
