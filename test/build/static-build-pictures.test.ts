/**
 * A static build carries every copy of a picture its pages name: the `<picture>` of an uploaded image
 * lists AVIF and WebP widths that a server makes on first request, which a static host cannot do.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { StaticBuilder } from '../../src/build/static-build.js';
import { loadTheme } from '../../src/render/theme.js';
import type { BlogRow } from '../../src/storage/schema.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { testDatabases } from '../helpers/databases.js';
import { makeBlog, makePost } from '../helpers/factories.js';

function htmlFilesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? htmlFilesUnder(root, relative) : relative.endsWith('.html') ? [relative] : [];
  });
}

for (const database of testDatabases) {
  describe(`pictures in a static build on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let out: string;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'photos', title: 'Photographs' });
      const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
        .jpeg()
        .toBuffer();
      const { src } = await t.services.images.store(blog.id, jpeg);
      await makePost(t.services, blog, {
        title: 'Blue hour',
        body: `<p>The harbour at dusk.</p><p><img src="${src}" alt="A blue harbour"></p>`,
        coverImageUrl: src,
        coverImageAlt: 'A blue harbour',
        publishedAt: Date.parse('2026-10-01T18:00:00Z'),
      });
      out = mkdtempSync(path.join(tmpdir(), 'dastan-build-pictures-'));
    });
    after(async () => {
      await t.close();
      rmSync(out, { recursive: true, force: true });
    });

    test('every AVIF and WebP width a page names is in the output, made by the build', async () => {
      await new StaticBuilder(t.services, loadTheme()).build(blog, { out, origin: 'https://photos.example.test', search: 'live' });
      const named = new Set<string>();
      for (const file of htmlFilesUnder(out)) {
        const html = readFileSync(path.join(out, file), 'utf8');
        for (const m of html.matchAll(/\/uploads\/\d+\/\d+\/\d+\.(?:webp|avif|jpg|png)/g)) named.add(m[0]);
      }
      assert.ok(
        [...named].some((p) => p.endsWith('.avif')),
        'the pages offer AVIF copies',
      );
      const missing = [...named].filter((p) => !existsSync(path.join(out, p.slice(1))));
      assert.deepEqual(missing, []);
    });
  });
}
