/**
 * The benchmark's second baseline: nginx (Debian's package) serving the bytes Dastan sent, one file per
 * path, as a single process (`master_process off`, one worker) so that it has one core's worth of work
 * like Node, and its CPU time can be read from the one process. Skipped when nginx is not installed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort, startChild, waitForPage, type Child, type Response } from './processes.js';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

export function hasNginx(): boolean {
  return existsSync(NGINX);
}

/** Starts nginx answering each path with its response's bytes and content type; resolves once it serves. */
export async function startNginx(dir: string, host: string, pages: Map<string, Response>): Promise<{ child: Child; port: number }> {
  const root = path.join(dir, 'nginx');
  mkdirSync(path.join(root, 'temp'), { recursive: true });
  const port = await freePort();
  const locations = [...pages].map(([urlPath, response], i) => {
    const file = path.join(root, `page-${i}`);
    writeFileSync(file, response.body);
    // nginx matches the path without its query string.
    const location = urlPath.split('?')[0]!;
    return `    location = ${location} { types { } default_type "${response.contentType}"; rewrite ^ /page-${i} break; }`;
  });
  const conf = path.join(root, 'nginx.conf');
  writeFileSync(
    conf,
    [
      'daemon off;',
      'master_process off;',
      'worker_processes 1;',
      `pid ${root}/nginx.pid;`,
      `error_log ${root}/error.log warn;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      '  sendfile on;',
      '  keepalive_requests 10000000;',
      '  keepalive_timeout 60s;',
      `  client_body_temp_path ${root}/temp;`,
      `  server {`,
      `    listen 127.0.0.1:${port};`,
      `    root ${root};`,
      ...locations,
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const child = startChild(['-p', root, '-c', conf], process.env, root, NGINX);
  await waitForPage(child, port, [...pages.keys()][0]!, host);
  return { child, port };
}
