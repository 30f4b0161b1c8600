#!/usr/bin/env node
// Runs the compiled command line (built by `npm install` through the `prepare` script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  process.stderr.write('dastan: not built yet; run `npm run build` (npm install does it for you)\n');
  process.exit(1);
}
const { runCli } = await import(main);
const status = await runCli(process.argv.slice(2));
if (status !== 0) process.exit(status);
