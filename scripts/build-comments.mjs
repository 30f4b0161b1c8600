#!/usr/bin/env node
// Bundles the comment form's script (src/client/comments, with altcha-lib's solver) with esbuild into
// public/comments.js, which the server serves at /static/comments.js. Run by `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/client/comments/main.ts'],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outfile: 'public/comments.js',
  logLevel: 'warning',
});
