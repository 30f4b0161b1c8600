/** What the benchmark needs to run servers as child processes: free ports, spawning, stopping, GET, RSS. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export interface Child {
  process: ChildProcess;
  pid: number;
  /** What the process wrote to stderr (and stdout), for when it fails. */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  stop(): Promise<void>;
}

const children = new Set<Child>();

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns `program` (Node itself unless named) with `args`; it is stopped with the others on the way out. */
export function startChild(args: string[], env: NodeJS.ProcessEnv, cwd: string, program = process.execPath): Child {
  const proc = spawn(program, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const child: Child = {
    process: proc,
    pid: proc.pid!,
    output: () => output,
    exited,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      children.delete(child);
    },
  };
  children.add(child);
  return child;
}

/** Stops every child still running (on the way out, whatever happened). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}

export interface Response {
  status: number;
  contentType: string;
  body: Buffer;
  /** The whole header list as sent (`[name, value, …]`), less those of one connection or moment. */
  headers: string[];
}

/** Headers a server writes for each answer afresh (Node's own), not part of a page's stored answer. */
const PER_ANSWER = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

/** GET `path` from 127.0.0.1:`port` with the given Host header (fetch cannot set Host). */
export function get(port: number, path: string, host: string, headers: Record<string, string> = {}): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path, headers: { host, ...headers }, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks),
          headers: response.rawHeaders.flatMap((value, i, all) =>
            i % 2 === 0 && !PER_ANSWER.has(value.toLowerCase()) ? [value, all[i + 1]!] : [],
          ),
        }),
      );
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** Polls until `path` answers 200; returns when it did. Fails if the child exits or `timeoutMs` passes. */
export async function waitForPage(child: Child, port: number, path: string, host: string, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (performance.now() < deadline) {
    if (exited) throw new Error(`the server exited before serving ${path}:\n${child.output()}`);
    try {
      if ((await get(port, path, host)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no 200 from ${path} within ${timeoutMs} ms:\n${child.output()}`);
}

/**
 * CPU time a process has used so far, user and system, in ms (from /proc; Linux only). Unlike
 * throughput, this barely moves when other programs share the machine.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every mainstream architecture. */
const CLOCK_TICKS = 100;

/** Resident memory of a process in MB (VmRSS from /proc; Linux only). */
export function rssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}
