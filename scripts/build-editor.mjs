#!/usr/bin/env node
// Bundles the dashboard's rich editor (src/client/editor) with esbuild into public/dashboard/editor.js,
// which the server serves at /admin/static/editor.js. Run by `npm run build` (and so by `npm install`).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/client/editor/main.ts'],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outfile: 'public/dashboard/editor.js',
  logLevel: 'warning',
});
