#!/usr/bin/env node
// Bundles the server and the command line (src/cli/main.ts) with esbuild into dist/bundle/, which
// bin/dastan.js (and so `npm start`) runs. One file instead of a few thousand modules: Kysely alone
// is some 400 small files, and finding, reading and linking them was most of the server's start.
// Parts only some commands need (the demo, markdown-it, the import parsers) become chunks loaded on
// first use. Run by `npm run build` (and so by `npm install`); `tsc` still writes dist/ file by file.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outdir = 'dist/bundle';

/**
 * zod's error messages come in some 60 languages, each module imported by its `locales` namespace, and
 * esbuild keeps them all (about 290 KB of the code a server loads at start, some 10 % of it). zod uses
 * English unless told otherwise and nothing here tells it otherwise (our forms say their errors in the
 * dashboard's own catalogues), so its namespace is given English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[/\\]node_modules[/\\]zod[/\\]/.test(args.importer)
        ? { path: path.resolve(args.resolveDir, '../locales/index.js'), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: path.dirname(args.path),
    }));
  },
};
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  splitting: true,
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  // Native addons stay packages; pg and sanitize-html are required at run time on first use, and so are
  // Fastify's JSON Schema compilers (src/server/schema-compilers.ts: no route has a schema).
  external: [
    'better-sqlite3',
    'sharp',
    'pg',
    'pg-native',
    'sanitize-html',
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
  ],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none by itself.
  banner: { js: "import { createRequire as __dastanRequire } from 'node:module'; const require = __dastanRequire(import.meta.url);" },
  legalComments: 'none',
  // Whitespace and syntax only: names stay, so stack traces in the log still read.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: false,
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
});

// V8 keeps each loaded file's source text for as long as the process runs, as one byte a character
// when every character is Latin-1 and two otherwise. esbuild escapes strings but leaves characters in
// regular expressions as they are (`/[ẞŒ]/`, `/[،؛۔]/u`), and one such character doubles a chunk's
// size in memory (a 1 MB chunk held as 2 MB). They are written as \u escapes, which mean the same in
// a regular expression, a string, a template or a name.
for (const entry of readdirSync(outdir, { recursive: true })) {
  const file = path.join(outdir, String(entry));
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(file, 'utf8');
  if (!/[^\x00-\xff]/.test(code)) continue;
  // After a lone backslash (an identity escape, `\ẞ`) the escape would change meaning: stop rather than guess.
  if (/(?<!\\)(?:\\\\)*\\[^\x00-\xff]/.test(code)) throw new Error(`${file}: a non-Latin-1 character after a backslash`);
  writeFileSync(
    file,
    code.replace(/[^\x00-\xff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}
