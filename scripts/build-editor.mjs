#!/usr/bin/env node
// Bundles the dashboard's browser scripts with esbuild into public/dashboard, which the server serves at
// /admin/static/NAME.js: editor.js (the rich editor, src/client/editor) and theme.js (the Theme screen's
// colour pickers and contrast check). Each screen loads only its own bundle. Run by `npm run build` (and so by `npm install`).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const bundles = {
  editor: 'src/client/editor/main.ts',
  theme: 'src/client/theme/colours.ts',
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
