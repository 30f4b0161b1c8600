/**
 * A real `dastan serve` process for the tests that need one (held connections, kill -9): started on a
 * free port of 127.0.0.1 with the given database and data folder; resolves once it listens.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export async function startServeProcess(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      BASE_DOMAIN: 'example.test',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /serves on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (found) resolve(Number(found[1]));
    });
    server.once('exit', (code) => reject(new Error(`the server exited (${code}): ${out}`)));
  });
  server.stdout.resume();
  return { server, port };
}
