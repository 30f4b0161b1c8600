/**
 * The benchmark's baseline: a bare `node:http` server that answers each path with bytes held in
 * memory, the way a static file server would. Run as its own process:
 * `node --import tsx bench/baseline-server.ts PORT MANIFEST.json [same-headers]`, where the manifest lists
 * `{ path, file, contentType, headers }`. By default it sends its own two headers (Content-Type and
 * Content-Length); with `same-headers`, the whole header list Dastan sent with the page (security
 * headers, CSP, caching, ETag, Link…), as a flat `[name, value, …]` list to `writeHead` — the same full
 * HTTP answer. Prints "ready" once it listens.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

export interface BaselineEntry {
  path: string;
  file: string;
  contentType: string;
  /** Dastan's header list for the page, `[name, value, …]`. */
  headers: string[];
}

const [portArg, manifestFile, mode] = process.argv.slice(2);
const sameHeaders = mode === 'same-headers';
const entries = JSON.parse(readFileSync(manifestFile!, 'utf8')) as BaselineEntry[];
const pages = new Map(entries.map((e) => [e.path, { body: readFileSync(e.file), contentType: e.contentType, headers: e.headers }]));

const server = createServer((request, response) => {
  const page = pages.get(request.url ?? '');
  if (!page) {
    response.writeHead(404).end();
    return;
  }
  if (sameHeaders) response.writeHead(200, page.headers);
  else response.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length });
  response.end(page.body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
