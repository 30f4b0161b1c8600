/**
 * A progress bar for long work on a terminal; on anything else (a log, CI) a line every few seconds.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets how far along the work is. */
  update(done: number, total?: number): void;
  stop(): void;
}

export function startProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update: (done, newTotal) => {
        if (newTotal !== undefined) bar.setTotal(newTotal);
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let latest = 0;
  let currentTotal = total;
  return {
    update(done, newTotal) {
      latest = done;
      if (newTotal !== undefined) currentTotal = newTotal;
      const now = Date.now();
      if (now - last > 5000) {
        last = now;
        stream.write(`${label}: ${done}/${currentTotal}\n`);
      }
    },
    stop() {
      stream.write(`${label}: ${latest}/${currentTotal} done\n`);
    },
  };
}
