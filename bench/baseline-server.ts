/**
 * The benchmark's baseline: a bare `node:http` server that answers each path with bytes held in
 * memory, the way a static file server would. Run as its own process:
 * `node --import tsx bench/baseline-server.ts PORT MANIFEST.json`, where the manifest lists
 * `{ path, file, contentType }`. Prints "ready" once it listens.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

export interface BaselineEntry {
  path: string;
  file: string;
  contentType: string;
}

const [portArg, manifestFile] = process.argv.slice(2);
const entries = JSON.parse(readFileSync(manifestFile!, 'utf8')) as BaselineEntry[];
const pages = new Map(entries.map((e) => [e.path, { body: readFileSync(e.file), contentType: e.contentType }]));

const server = createServer((request, response) => {
  const page = pages.get(request.url ?? '');
  if (!page) {
    response.writeHead(404).end();
    return;
  }
  response.writeHead(200, { 'content-type': page.contentType, 'content-length': page.body.length });
  response.end(page.body);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(portArg), '127.0.0.1', () => process.stdout.write('ready\n'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
