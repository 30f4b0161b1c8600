/**
 * The output folder of a static build and its manifest (`.dastan-build.json`): the hash of every file
 * the last build wrote. A build writes a file only when its bytes differ from what the manifest says is
 * there, and at the end removes the files of the last build it did not produce again. Files it never
 * wrote (a `CNAME`, a host's own config) are left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = '.dastan-build.json';
const MANIFEST_FORMAT = 1;

interface Manifest {
  format: number;
  /** The blog's content version and the build's options when the files were written (see static-build.ts). */
  version: string;
  /** Output file (relative, `/`-separated) → hash of its bytes. */
  files: Record<string, string>;
}

export interface OutputCounts {
  written: number;
  unchanged: number;
  removed: number;
}

/** Thrown when the output folder cannot be used (not ours, not writable): the command says why. */
export class OutputError extends Error {}

const hashOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64url');

/** An upload's smaller copy as pages name it (in `src` or `srcset`). */
const UPLOAD_COPY = /\/uploads\/\d{1,19}\/\d{1,19}\/\d{1,5}\.(?:webp|avif)\b/g;

export class OutputDir {
  private readonly previous: Manifest | undefined;
  private readonly files = new Map<string, string>();
  private readonly madeDirs = new Set<string>();
  readonly counts: OutputCounts = { written: 0, unchanged: 0, removed: 0 };
  /** Files this build wrote (new or changed), in the order they came. */
  readonly changed: string[] = [];

  /** Opens `root` (made if missing). A folder with files in it but no manifest is refused: it is not a build's. */
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
    const manifestPath = path.join(root, MANIFEST_FILE);
    if (existsSync(manifestPath)) {
      try {
        const read = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
        this.previous = read.format === MANIFEST_FORMAT && typeof read.files === 'object' ? read : undefined;
      } catch {
        this.previous = undefined;
      }
      if (!this.previous)
        throw new OutputError(`${root} has a build manifest this version cannot read; remove ${MANIFEST_FILE} to build afresh`);
    } else if (readdirSync(root).length > 0) {
      throw new OutputError(`${root} is not empty and holds no earlier build; choose an empty folder`);
    }
  }

  /** The version the last build recorded, if any. */
  get previousVersion(): string | undefined {
    return this.previous?.version;
  }

  /** True when every file of the last build is still there (so a build of the same version has nothing to do). */
  isIntact(): boolean {
    return this.previous !== undefined && Object.keys(this.previous.files).every((file) => existsSync(path.join(this.root, file)));
  }

  /**
   * The smaller copies of uploads (`/uploads/BLOG/IMAGE/WIDTH.webp|avif`) that the pages written so far
   * name: a server makes them on first request, a static host cannot, so the build makes them before copying.
   */
  readonly uploadCopies = new Set<string>();

  /** Writes `file` unless the last build wrote the same bytes there. A file named twice keeps the first. */
  write(file: string, bytes: Buffer | string): void {
    if (this.files.has(file)) return;
    const body = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    if (file.endsWith('.html') && body.includes('/uploads/'))
      for (const m of body.toString('utf8').matchAll(UPLOAD_COPY)) this.uploadCopies.add(m[0]);
    this.put(file, hashOf(body), (full) => writeFileSync(full, body));
  }

  /** Copies a large file by `copyTo`, unless the last build copied one of the same size and time. */
  copy(file: string, source: string, copyTo: (target: string) => void): void {
    if (this.files.has(file)) return;
    const info = statSync(source);
    this.put(file, `file:${info.size}:${Math.floor(info.mtimeMs)}`, copyTo);
  }

  private put(file: string, hash: string, make: (full: string) => void): void {
    this.files.set(file, hash);
    const full = path.join(this.root, file);
    if (this.previous?.files[file] === hash && existsSync(full)) {
      this.counts.unchanged++;
      return;
    }
    const dir = path.dirname(full);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    make(full);
    this.counts.written++;
    this.changed.push(file);
  }

  /** Files this build holds. */
  get fileCount(): number {
    return this.files.size;
  }

  /** Whether this build has produced `file` already. */
  has(file: string): boolean {
    return this.files.has(file);
  }

  /** Removes what the last build wrote and this one did not, then records this build's manifest. */
  finish(version: string): void {
    for (const file of Object.keys(this.previous?.files ?? {})) {
      if (this.files.has(file)) continue;
      rmSync(path.join(this.root, file), { force: true });
      this.counts.removed++;
      this.removeEmptyParents(path.dirname(path.join(this.root, file)));
    }
    const manifest: Manifest = { format: MANIFEST_FORMAT, version, files: Object.fromEntries(this.files) };
    // Written beside and renamed: a build stopped half-way leaves the last good manifest.
    const partial = path.join(this.root, `${MANIFEST_FILE}.partial`);
    writeFileSync(partial, JSON.stringify(manifest));
    renameSync(partial, path.join(this.root, MANIFEST_FILE));
  }

  /** Keeps the last build's manifest as it was (nothing changed). */
  keep(): void {
    for (const file of Object.keys(this.previous?.files ?? {})) this.files.set(file, this.previous!.files[file]!);
  }

  private removeEmptyParents(dir: string): void {
    const root = path.resolve(this.root);
    for (let current = path.resolve(dir); current.startsWith(root + path.sep); current = path.dirname(current)) {
      if (!statSync(current, { throwIfNoEntry: false })?.isDirectory() || readdirSync(current).length > 0) return;
      rmdirSync(current);
    }
  }
}
