/**
 * An idle server's memory. Start-up (loading the server's code, migrations, the services, the routes, the
 * themes) is one burst of work that V8 answers as if it were the load to come: it doubles the young
 * generation towards its largest (2 × 16 MB, every page of it then resident) and compiles the start-up's
 * loops with Sparkplug and TurboFan (TurboFan's own code is megabytes of the `node` binary's pages, plus
 * the code it makes), though a quiet server needs none of it. So `dastan serve` starts in idle mode: the
 * young generation held at its first size, the interpreter only. Once the event loop was more than half
 * busy for a second, V8's defaults are back (the young generation grows by 2, Sparkplug and TurboFan compile what is hot)
 * and a loaded server runs as before. A server not busy in the 5 s after start-up is collected six
 * times, once, so that V8 shrinks the young generation back to its smallest and drops the bytecode of
 * what only the start-up ran. Checked four times a second, never on a request's path.
 * (`--max-semi-space-size` would hold the young generation for good, but costs a loaded server ~8 % and
 * can only be given on Node's command line.)
 */
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHECK_MS = 250;
/** Checks in a row (1 s) with the event loop more than half busy that end idle mode. */
const BUSY_CHECKS = 4;
/** Checks (5 s) after start-up, none of them busy, before the one-time collection. */
const CALM_CHECKS = 20;
/** Full collections, one a check: V8 drops bytecode unused for 5 of them (`--bytecode-old-age`). */
const COLLECTIONS = 6;

/** Young generation held at the size it has now (V8 reads the factor each time it would grow it); no JIT. */
export function enterIdleMode(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--no-sparkplug');
  setFlagsFromString('--no-opt');
}

/** V8's defaults: the young generation doubles while what it holds keeps surviving; hot code is compiled. */
export function leaveIdleMode(): void {
  setFlagsFromString('--semi-space-growth-factor=2');
  setFlagsFromString('--sparkplug');
  setFlagsFromString('--opt');
}

/** Leaves idle mode when the server is busy; collects once when it has not been busy since start-up. */
export function leaveIdleModeWhenBusy(): void {
  let last = performance.eventLoopUtilization();
  let busyChecks = 0;
  let checks = 0;
  let collections = 0;
  let collect: (() => void) | undefined;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    busyChecks = performance.eventLoopUtilization(now, last).utilization > 0.5 ? busyChecks + 1 : 0;
    last = now;
    if (busyChecks >= BUSY_CHECKS) {
      clearInterval(timer);
      leaveIdleMode();
      return;
    }
    checks++;
    // Only in a calm moment: a full collection would stall requests the server is answering.
    if (collections < COLLECTIONS && checks >= CALM_CHECKS && busyChecks === 0) {
      collect ??= garbageCollector();
      collect();
      collections++;
    }
  }, CHECK_MS).unref();
}

/** V8's `gc()`, taken from a fresh context so that no global of this one changes. */
function garbageCollector(): () => void {
  setFlagsFromString('--expose-gc');
  try {
    return runInNewContext('gc') as () => void;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
