/**
 * Start-up (loading the server's code, migrations, the services, the routes, the themes) is one burst of
 * objects that live on, and V8 answers such a burst by growing the young generation towards its largest
 * (2 × 16 MB, every page of it then resident), though a quiet server needs 1–2 MB of it. So `dastan
 * serve` holds it at its first size while starting and until the server is busy: once the event loop was
 * more than half busy for two seconds in a row, V8's own growth (by 2) is back and a loaded server runs
 * as before. Checked once a second, never on a request's path. (`--max-semi-space-size` would do it for
 * good, but costs the loaded server ~8 % and can only be given on Node's command line.)
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';

/** Keeps the young generation at the size it has now (V8 reads the factor each time it would grow it). */
export function holdYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}

/** V8's default: the young generation doubles while what it holds keeps surviving. */
export function growYoungGeneration(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
}

export function growYoungGenerationWhenBusy(): void {
  let last = performance.eventLoopUtilization();
  let busySeconds = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busySeconds = performance.eventLoopUtilization(now, last).utilization > 0.5 ? busySeconds + 1 : 0;
    last = now;
    if (busySeconds < 2) return;
    clearInterval(timer);
    growYoungGeneration();
  }, 1000).unref();
}
