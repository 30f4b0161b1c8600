/**
 * For import tests: where the real export files are (../shared/testdata, or TESTDATA_DIR), and a check
 * that an old address of an imported blog answers 200, or 301 to a page that does, showing a given title.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { decode } from 'html-entities';
import { ImportRefusedError } from '../../src/importers/import-errors.js';
import type { TestApp } from './app.js';
import type { ExportFormat } from '../../src/exporters/export.service.js';
import type { Services } from '../../src/services.js';

export const TESTDATA = process.env.TESTDATA_DIR ?? path.resolve(import.meta.dirname, '../../../shared/testdata');

export function testdata(...parts: string[]): string {
  return path.join(TESTDATA, ...parts);
}

/** The page title (the post's `<h1>`) of an HTML page. */
export function postTitleOf(html: string): string | undefined {
  const m = /<h1 class="post-title"[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return m?.[1] === undefined ? undefined : decode(m[1]).trim();
}

/**
 * GETs `url` on the blog; it must answer 200, or 301 to a path of the same blog that answers 200.
 * With `title`, that page must be the post with this title. Returns the final path.
 */
export async function assertLeadsTo(t: TestApp, blogName: string, url: string, title?: string): Promise<string> {
  const first = await t.get(blogName, url);
  let finalPath = url;
  let page = first;
  if (first.statusCode === 301) {
    const location = String(first.headers.location);
    assert.ok(location.startsWith('/'), `${url} redirects within the blog, not to ${location}`);
    finalPath = location;
    page = await t.get(blogName, location);
  }
  assert.equal(page.statusCode, 200, `${url} (→ ${finalPath}) answers 200`);
  if (title !== undefined) assert.equal(postTitleOf(page.body), title, `${url} shows "${title}"`);
  return finalPath;
}

/** Awaits an import that must be refused; returns the refusal. */
export async function refusal(run: Promise<unknown>): Promise<ImportRefusedError> {
  try {
    await run;
  } catch (error) {
    assert.ok(error instanceof ImportRefusedError, String(error));
    return error;
  }
  assert.fail('the file was imported');
}

/** GETs `url` on the blog and expects a 301 to exactly `location`. */
export async function assertMoved(t: TestApp, blogName: string, url: string, location: string): Promise<void> {
  const res = await t.get(blogName, url);
  assert.equal(res.statusCode, 301, `${url} answers 301`);
  assert.equal(res.headers.location, location, `${url} moved to ${location}`);
}

/** A blog's export in `format`, as the bytes a download would give. */
export async function exportOf(services: Services, blogId: string, format: ExportFormat): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await services.exporter.export(out, { blogId, format });
  out.end();
  return Buffer.concat(chunks);
}
