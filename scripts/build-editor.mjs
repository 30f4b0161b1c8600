#!/usr/bin/env node
// Bundles the dashboard's browser scripts with esbuild into public/dashboard, which the server serves at
// /admin/static/NAME.js: editor.js (the rich editor, src/client/editor), theme.js (the Theme screen's
// colour pickers and contrast check), code.js (the theme file page's CodeMirror editor, src/client/code) and
// queue.js (the moderation queue's "select all").
// Each screen loads only its own bundle. Run by `npm run build` (and so by `npm install`).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const bundles = {
  editor: 'src/client/editor/main.ts',
  theme: 'src/client/theme/colours.ts',
  code: 'src/client/code/main.ts',
  queue: 'src/client/queue/select-all.ts',
};

await build({
  entryPoints: Object.fromEntries(Object.entries(bundles).filter(([, file]) => existsSync(file))),
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outdir: 'public/dashboard',
  logLevel: 'warning',
});
