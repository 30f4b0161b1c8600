/**
 * The sources added in round two (issue 18), held to what the other importers are held to: the exact
 * counts the file holds, every old address answering 200 or 301 to the right post, a second import
 * adding nothing, a round trip through Dastan's JSON export keeping the posts, and a broken file refused
 * with nothing stored. The fixtures are written from each format's documentation (see their READMEs).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { assertLeadsTo, exportOf, refusal } from '../helpers/imports.js';
import { substackZip } from '../helpers/substack-zip.js';
import { siteTarGz, siteZip } from '../helpers/markdown-sites.js';
import type { ImportSource, SourceFormat } from '../../src/importers/import-model.js';
import type { ImportCounts } from '../../src/importers/import-report.js';
import { bufferSource } from '../../src/importers/source.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const fixture = (...parts: string[]) => readFileSync(path.join(FIXTURES, ...parts));

type Counts = Pick<ImportCounts, 'posts' | 'pages' | 'drafts' | 'comments' | 'labels'>;

interface Source {
  name: string;
  format: SourceFormat;
  source: () => ImportSource;
  counts: Counts;
  /** Old addresses and the title each must show. */
  urls: [string, string][];
  /** Old label addresses: they must answer too. */
  labelUrls?: string[];
  /** Broken variants: each refused, with a message matching. */
  broken: [ImportSource, RegExp][];
}

const writefreely = fixture('writefreely', 'export.json').toString('utf8');

/** The Medium fixture zipped as Medium hands it out: posts/ and profile/. */
function mediumZip(drop = ''): Buffer {
  const files: Record<string, Uint8Array> = {
    'profile/profile.html': strToU8('<html><body><h3 class="p-name">Ana Lima</h3></body></html>'),
  };
  for (const name of readdirSync(path.join(FIXTURES, 'medium', 'posts')))
    files[`posts/${name}`] = fixture('medium', 'posts', name).subarray(0, name.includes(drop) && drop ? 200 : undefined);
  return Buffer.from(zipSync(files));
}

export const SOURCES: Source[] = [
  {
    name: 'WriteFreely JSON',
    format: 'writefreely',
    source: () => bufferSource('writefreely.json', writefreely),
    counts: { posts: 4, pages: 0, drafts: 1, comments: 0, labels: 2 },
    urls: [
      ['/notes/first-light', 'First light'],
      ['/notes/untitled-thoughts', 'Untitled thoughts'],
      ['/notes/dastan-und-rtl', 'داستان'],
    ],
    labelUrls: ['/notes/tag:morning', '/notes/tag:harbour'],
    broken: [
      [bufferSource('cut.json', writefreely.slice(0, writefreely.length / 2)), /the file is not valid JSON/],
      [bufferSource('other.json', '{"collections": [{"title": "no alias"}]}'), /JSON, but not/],
    ],
  },
  {
    name: 'Medium (zip of HTML)',
    format: 'medium',
    source: () => bufferSource('medium-export.zip', mediumZip()),
    counts: { posts: 3, pages: 0, drafts: 1, comments: 0, labels: 0 },
    urls: [
      ['/@ana/first-light-over-the-harbour-3f2a9c1b7d4e', 'First light over the harbour'],
      ['/p/3f2a9c1b7d4e', 'First light over the harbour'],
      ['/notes-on-leaving-9e8d7c6b5a41', 'Notes on leaving'],
      ['/p/9e8d7c6b5a41', 'Notes on leaving'],
    ],
    broken: [
      [bufferSource('cut.zip', mediumZip().subarray(0, 300)), /zip file, but it is damaged/],
      [bufferSource('posts.zip', Buffer.from(zipSync({ 'posts/readme.txt': strToU8('hi') }))), /holds no export Dastan reads/],
    ],
  },
  {
    name: 'Substack (zip: posts.csv and HTML)',
    format: 'substack',
    source: () => bufferSource('substack-export.zip', substackZip()),
    counts: { posts: 5, pages: 0, drafts: 2, comments: 0, labels: 0 },
    urls: [
      ['/p/first-light-over-the-harbour', 'First light over the harbour'],
      ['/p/harbour-sounds', 'Harbour sounds, episode 1'],
      [`/p/${encodeURIComponent('داستان-کی-شام')}`, 'داستان کی شام'],
    ],
    broken: [
      [bufferSource('cut.zip', substackZip().subarray(0, 400)), /zip file, but it is damaged/],
      [
        bufferSource('bad-csv.zip', substackZip('post_id,post_date,is_published,title\n"101.x,2023-01-01,true,Unclosed\n')),
        /posts\.csv in the Substack export is not CSV that can be read/,
      ],
    ],
  },
  {
    name: 'Jekyll site (zip of the folder)',
    format: 'jekyll',
    source: () => bufferSource('jekyll-site.zip', siteZip('jekyll')),
    counts: { posts: 5, pages: 1, drafts: 2, comments: 0, labels: 4 },
    urls: [
      ['/jekyll/update/2023/03/14/welcome-to-jekyll.html', 'Welcome to Jekyll!'],
      ['/2023/04/02/harbour-at-dawn.html', 'Harbour at dawn'],
      ['/harbour/', 'Harbour at dawn'],
      ['/notes/evening/', 'داستان کی شام'],
      ['/about/', 'About'],
    ],
    broken: [
      [
        bufferSource('bad-config.zip', siteZip('jekyll', { '_config.yml': 'title: [unclosed\n' })),
        /_config\.yml, the site's configuration, cannot be read/,
      ],
      [
        bufferSource(
          'nothing.zip',
          Buffer.from(zipSync({ 'site/_config.yml': strToU8('title: x\n'), 'site/README.md': strToU8('# hi\n') })),
        ),
        /the jekyll site has no posts or pages with front matter/,
      ],
    ],
  },
  {
    name: 'Hugo site (zip of the folder)',
    format: 'hugo',
    source: () => bufferSource('hugo-site.zip', siteZip('hugo')),
    counts: { posts: 4, pages: 1, drafts: 1, comments: 0, labels: 5 },
    urls: [
      ['/2024/01/first-light/', 'First light'],
      ['/old/first-light/', 'First light'],
      ['/2024/01/first-light.html', 'First light'],
      ['/2024/02/gwadar-trip/', 'A trip to Gwadar'],
      ['/2024/03/written-with-json-front-matter/', 'Written with JSON front matter'],
      ['/about/', 'About'],
    ],
    labelUrls: ['/tags/harbour/', '/tags/morning-walks/', '/categories/trips/'],
    broken: [
      [
        bufferSource('bad-config.zip', siteZip('hugo', { 'hugo.toml': "baseURL = 'https://x\n" })),
        /hugo\.toml, the site's configuration, cannot be read/,
      ],
    ],
  },
  {
    name: 'Eleventy site (tar.gz of the folder)',
    format: 'eleventy',
    source: () => bufferSource('eleventy-site.tar.gz', siteTarGz('eleventy')),
    counts: { posts: 5, pages: 1, drafts: 1, comments: 0, labels: 3 },
    urls: [
      ['/blog/firstpost/', 'This is my first post.'],
      ['/blog/secondpost/', 'This is my second post with a much longer title.'],
      ['/blog/fourthpost/fourthpost/', 'This is my fourth post.'],
      ['/notes/custom-address/', 'A post with its own address'],
      ['/about-me/', 'About Me'],
    ],
    broken: [
      [bufferSource('cut.tar.gz', siteTarGz('eleventy').subarray(0, 600)), /gzip-compressed, but damaged|tar file, but it is damaged/],
    ],
  },
];

const pick = (c: ImportCounts): Counts => ({ posts: c.posts, pages: c.pages, drafts: c.drafts, comments: c.comments, labels: c.labels });

for (const database of testDatabases) {
  describe(`the new sources on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    for (const [index, s] of SOURCES.entries()) {
      test(`${s.name}: counts, old addresses, a second import, a round trip, broken files`, async () => {
        const blog = await t.services.blogs.createBlog({ name: `source${index}`, title: 'Before' });
        const report = await t.services.importer.import(s.source(), { blogId: blog.id });
        assert.equal(report.format, s.format);
        assert.deepEqual(pick(report.found), s.counts, 'what the file holds');
        assert.deepEqual(pick(report.added), s.counts, 'what was stored');
        for (const [url, title] of s.urls) await assertLeadsTo(t, blog.name, url, title);
        for (const url of s.labelUrls ?? []) await assertLeadsTo(t, blog.name, url);

        const again = await t.services.importer.import(s.source(), { blogId: blog.id });
        assert.deepEqual(pick(again.added), { posts: 0, pages: 0, drafts: 0, comments: 0, labels: 0 }, 'a second import adds nothing');

        const copy = await t.services.blogs.createBlog({ name: `copy${index}`, title: 'Copy' });
        const trip = await t.services.importer.import(bufferSource('copy.json', await exportOf(t.services, blog.id, 'json')), {
          blogId: copy.id,
        });
        assert.deepEqual(pick(trip.added), s.counts, 'the round trip keeps every entry');
        const titles = async (id: string) =>
          (await t.storage.db.selectFrom('posts').select('title').where('blog_id', '=', id).orderBy('title').execute()).map((p) => p.title);
        assert.deepEqual(await titles(copy.id), await titles(blog.id));
        for (const [url, title] of s.urls) await assertLeadsTo(t, copy.name, url, title);

        const untouched = await t.services.blogs.createBlog({ name: `broken${index}`, title: 'Untouched' });
        for (const [broken, reason] of s.broken) {
          const error = await refusal(t.services.importer.import(broken, { blogId: untouched.id }));
          assert.match(error.message, reason, broken.name);
        }
        assert.deepEqual(await titles(untouched.id), []);
      });
    }
  });
}
