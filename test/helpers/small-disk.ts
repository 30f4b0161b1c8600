/**
 * A real small disk for the full-disk tests: a tmpfs of a few megabytes mounted in a temporary folder,
 * filled to the brim by a filler file and given room again by removing it. Mounting needs root (CI's
 * containers have it); elsewhere the tests that use it are skipped with a clear line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk has no room left. */
  fill(): void;
  /** Removes the filler: the disk has room again. */
  makeRoom(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `megabytes` (owned by `owner`, a user name, when given); a reason string when it cannot. */
export function mountSmallDisk(megabytes: number, owner?: string): SmallDisk | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dastan-small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0777`, 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a small file system here (${(mounted.stderr || mounted.error?.message || 'mount failed').trim()}; needs root)`;
  }
  if (owner) spawnSync('chown', [owner, dir]);
  const filler = path.join(dir, 'filler');
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // The last partial block: fill byte by byte chunks until nothing more fits.
        for (const size of [4096, 512, 1]) {
          try {
            for (;;) writeSync(fd, block.subarray(0, size));
          } catch {
            /* full at this size */
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    makeRoom() {
      rmSync(filler, { force: true });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
