#!/usr/bin/env node
// Runs the command line: the bundle (dist/bundle/, quick to start) when built, else the compiled files
// (dist/cli/). `npm install` builds both through the `prepare` script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// `dastan serve` starts in idle mode (src/server/idle-mode.ts says why and leaves it when busy). Set here as well,
// before the CLI's code is loaded: loading it is enough for V8 to compile a few functions with TurboFan.
if (process.argv[2] === 'serve')
  for (const flag of ['--semi-space-growth-factor=1', '--no-sparkplug', '--no-opt']) setFlagsFromString(flag);

const bundle = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const compiled = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const main = existsSync(bundle) ? bundle : compiled;
if (!existsSync(main)) {
  process.stderr.write('dastan: not built yet; run `npm run build` (npm install does it for you)\n');
  process.exit(1);
}
const { runCli } = await import(main);
const status = await runCli(process.argv.slice(2));
if (status !== 0) process.exit(status);
