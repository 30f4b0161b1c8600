/**
 * Drives load at a server: with wrk (a load generator written in C, Debian's package) when it is installed,
 * otherwise with autocannon (Node.js). autocannon tops out near the speed of the server it measures, so
 * with it a fast server and a bare baseline look closer than they are; each result names its generator.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import autocannon from 'autocannon';

export type Generator = 'wrk' | 'autocannon';

export interface LoadOptions {
  port: number;
  path: string;
  headers: Record<string, string>;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  generator: Generator;
  requestsPerSecond: number;
  /** Latency percentiles, in ms. */
  p50: number;
  p99: number;
  requests: number;
  /** Responses other than 2xx and 3xx, and socket errors. */
  failures: number;
}

const WRK = process.env.WRK_PATH ?? '/usr/bin/wrk';

/** The generator this machine has: wrk when installed (BENCH_GENERATOR=autocannon forces autocannon). */
export function loadGenerator(): Generator {
  return process.env.BENCH_GENERATOR !== 'autocannon' && existsSync(WRK) ? 'wrk' : 'autocannon';
}

/** wrk prints times as `812.00us`, `2.31ms`, `1.02s`. */
function ms(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!match) throw new Error(`wrk: cannot read the time "${text}"`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;
}

/** Reads wrk's `--latency` report. */
export function parseWrk(output: string): Omit<LoadResult, 'generator'> {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output)?.[1];
  const p99 = /^\s+99%\s+(\S+)/m.exec(output)?.[1];
  if (!p50 || !p99) throw new Error(`wrk gave no latency distribution:\n${output}`);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requestsPerSecond: number(/Requests\/sec:\s+([\d.]+)/),
    p50: ms(p50),
    p99: ms(p99),
    requests: number(/(\d+) requests in/),
    failures: (number(/Non-2xx or 3xx responses: (\d+)/) || 0) + (errors ? errors.slice(1).reduce((n, e) => n + Number(e), 0) : 0),
  };
}

function runWrk(options: LoadOptions, seconds: number): Promise<Omit<LoadResult, 'generator'>> {
  // wrk adds its own `Host` unless one is given under exactly that name (a Lua table key): a lower-case
  // `host` would make two, which nginx rightly refuses with 400. So every name is written capitalized.
  const capitalized = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
  const headers = Object.entries(options.headers).flatMap(([k, v]) => ['-H', `${capitalized(k)}: ${v}`]);
  const args = ['-t', '1', '-c', String(options.connections), '-d', `${seconds}s`, '--latency', ...headers];
  const child = spawn(WRK, [...args, `http://127.0.0.1:${options.port}${options.path}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`wrk exited with ${code}:\n${output}`));
      else resolve(parseWrk(output));
    });
  });
}

async function runAutocannon(options: LoadOptions, seconds: number): Promise<Omit<LoadResult, 'generator'>> {
  const result = await autocannon({
    url: `http://127.0.0.1:${options.port}${options.path}`,
    connections: options.connections,
    duration: seconds,
    headers: options.headers,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors,
  };
}

/** Loads `path` for `seconds` (after `warmupSeconds` not counted) with the machine's generator. */
export async function runLoad(options: LoadOptions, warmupSeconds = 1): Promise<LoadResult> {
  const generator = loadGenerator();
  const run = generator === 'wrk' ? runWrk : runAutocannon;
  if (warmupSeconds > 0) await run(options, warmupSeconds);
  return { generator, ...(await run(options, options.seconds)) };
}
