/**
 * A static host, as the tests of `dastan build` need one: it answers a URL from an output folder the way
 * Netlify does — the file itself, `PATH.html`, `PATH/index.html`, else the first matching rule of
 * `_redirects` (path with `:name` and `*`, an optional `name=:value` query condition; `301!` before files),
 * else `404.html`.
 * `serveStatic` puts it behind a real port for Chromium.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export type HostAnswer = { status: 200 | 404; file: string } | { status: 301 | 302; location: string };

interface Rule {
  pattern: RegExp;
  names: string[];
  query?: { name: string; as: string };
  to: string;
  status: number;
  /** `301!`: the rule wins over a file at its path. */
  force: boolean;
}

function readRules(root: string): Rule[] {
  const file = path.join(root, '_redirects');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const parts = line.trim().split(/\s+/);
      const [from, ...rest] = parts;
      const query = rest.length === 3 ? rest.shift()!.split('=') : undefined;
      const names: string[] = [];
      const source = from!
        .split('/')
        .map((segment) => {
          if (segment === '*') return names.push('splat') && '(.+)';
          if (segment.startsWith(':')) return names.push(segment.slice(1)) && '([^/]+)';
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      return {
        pattern: new RegExp(`^${source}$`),
        names,
        query: query ? { name: query[0]!, as: query[1]!.slice(1) } : undefined,
        to: rest[0]!,
        status: Number(rest[1]!.replace('!', '')),
        force: rest[1]!.endsWith('!'),
      };
    });
}

/** The file under `root` that answers `urlPath` without rules (a decoded path), or undefined. */
function fileFor(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.split('/').includes('..')) return undefined;
  const base = path.join(root, decoded);
  for (const candidate of [base, `${base}.html`, path.join(base, 'index.html')]) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}

export class StaticHost {
  private readonly rules: Rule[];

  constructor(readonly root: string) {
    this.rules = readRules(root);
  }

  /** What the host answers for `url` (a path with maybe a query). */
  answer(url: string): HostAnswer {
    const parsed = new URL(url, 'http://host.test');
    const found = fileFor(this.root, parsed.pathname);
    for (const rule of this.rules) {
      if (found && !rule.force) continue;
      const m = rule.pattern.exec(parsed.pathname);
      if (!m) continue;
      const values = new Map(rule.names.map((name, i) => [name, m[i + 1]!]));
      if (rule.query) {
        const value = parsed.searchParams.get(rule.query.name);
        if (value === null) continue;
        values.set(rule.query.as, encodeURIComponent(value));
      }
      const to = rule.to.replace(/:([a-z]+)/g, (whole, name: string) => values.get(name) ?? whole);
      if (rule.status === 200) {
        const file = fileFor(this.root, to);
        if (file) return { status: 200, file };
        continue;
      }
      // A redirect without a query condition passes the request's query on.
      return { status: rule.status as 301 | 302, location: rule.query || to.includes('?') ? to : `${to}${parsed.search}` };
    }
    if (found) return { status: 200, file: found };
    return { status: 404, file: path.join(this.root, '404.html') };
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.txt': 'text/plain',
  '.ico': 'image/x-icon',
};

/** Serves `root` as the StaticHost answers, on 127.0.0.1; resolves to its address and a way to stop it. */
export async function serveStatic(root: string): Promise<{ origin: string; server: Server; close(): Promise<void> }> {
  const host = new StaticHost(root);
  const server = createServer((request, response) => {
    const answer = host.answer(request.url ?? '/');
    if (!('file' in answer)) {
      response.writeHead(answer.status, { location: answer.location }).end();
      return;
    }
    response.writeHead(answer.status, { 'content-type': TYPES[path.extname(answer.file)] ?? 'application/octet-stream' });
    response.end(readFileSync(answer.file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
