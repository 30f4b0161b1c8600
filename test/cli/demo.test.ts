import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { servicesFor, TestClock } from '../helpers/factories.js';
import { fillDemo, type FilledBlog } from '../../src/demo/fill-demo.js';
import { dayIn } from '../../src/domain/text/zoned-time.js';
import { utcDay } from '../../src/domain/text/time.js';
import type { Services } from '../../src/services.js';
import type { Storage } from '../../src/storage/database.js';
import type { BlogRow } from '../../src/storage/schema.js';

const DAY_MS = 86_400_000;

for (const database of testDatabases) {
  describe(`the demo blogs on ${database.name}`, { skip: database.skip }, () => {
    let storage: Storage;
    let services: Services;
    let first: FilledBlog[];
    const clock = new TestClock();
    const progress: [number, number][] = [];

    before(async () => {
      storage = await database.open();
      services = servicesFor(storage, clock);
      first = await fillDemo(services, { now: clock.ms, onProgress: (done, total) => progress.push([done, total]) });
    });
    after(() => storage.close());

    const blogNamed = async (name: string): Promise<BlogRow> => (await services.repositories.blogs.findByName(name))!;
    const commentsOf = (blogId: string) =>
      storage.db.selectFrom('comments').select(['id', 'parent_id', 'author_name']).where('blog_id', '=', blogId).execute();
    const viewsOf = (blogId: string) =>
      storage.db.selectFrom('post_views_daily').select(['day', 'views']).where('blog_id', '=', blogId).execute();
    /** What a fill leaves in the database, to compare fills. */
    const snapshot = async (blog: BlogRow) => ({
      ...(await services.repositories.posts.liveCounts(blog.id)),
      comments: (await commentsOf(blog.id)).length,
      views: (await viewsOf(blog.id)).reduce((n, v) => n + Number(v.views), 0),
      labels: await services.repositories.labels.countsForBlog(blog.id),
    });

    test('writes the demo blog: a dozen posts or more, two pages, shared labels, several months, varied bodies', async () => {
      assert.deepEqual(
        first.map((r) => [r.blog.name, r.status]),
        [
          ['demo', 'created'],
          ['urdu', 'created'],
        ],
      );
      const demo = await blogNamed('demo');
      assert.equal(demo.is_primary, 1, 'the first blog of an empty install is the primary one');
      assert.equal(demo.title, 'Dastan Demo');
      assert.ok(demo.description.length > 0);
      const counts = await services.repositories.posts.liveCounts(demo.id);
      assert.ok(counts.posts >= 12);
      assert.equal(counts.pages, 2);
      assert.ok(await services.repositories.posts.findLivePage(demo.id, 'about'));
      assert.ok(await services.repositories.posts.findLivePage(demo.id, 'colophon'));

      const labels = await services.repositories.labels.countsForBlog(demo.id);
      assert.ok(labels.length >= 5, 'several labels');
      assert.ok(labels.filter((l) => l.count >= 2).length >= 4, 'several labels shared by more than one post');
      const months = await services.repositories.posts.monthCounts(demo.id);
      assert.ok(months.length >= 6, `posts over several months, got ${months.length}`);
      const oldest = (await services.repositories.posts.newestLive(demo.id, 100)).at(-1)!;
      assert.ok(clock.ms - oldest.published_at! > 200 * DAY_MS && clock.ms - oldest.published_at! < 270 * DAY_MS, 'about 8 months back');

      const posts = await services.repositories.posts.newestLive(demo.id, 100);
      const html = posts.map((p) => p.body_html).join('\n');
      for (const tag of ['<h2>', '<ul>', '<ol>', '<blockquote>', '<pre><code', '<a href="https://', '<table>'])
        assert.ok(html.includes(tag), tag);
      assert.doesNotMatch(html, /lorem ipsum/i);
      const lengths = posts.map((p) => p.body_text.length);
      assert.ok(Math.min(...lengths) < demo.snippet_length, 'a post shorter than a snippet');
      assert.ok(Math.max(...lengths) > 1500, 'a long post');
      assert.equal(new Set(posts.map((p) => p.title)).size, posts.length, 'every title differs');
    });

    test('writes threaded comments from different readers, replies to replies included', async () => {
      const demo = await blogNamed('demo');
      const comments = await commentsOf(demo.id);
      const byId = new Map(comments.map((c) => [c.id, c]));
      const replies = comments.filter((c) => c.parent_id);
      const repliesToReplies = replies.filter((c) => byId.get(c.parent_id!)?.parent_id);
      assert.ok(comments.length >= 10, `comments: ${comments.length}`);
      assert.ok(replies.length >= 5, `replies: ${replies.length}`);
      assert.ok(repliesToReplies.length >= 3, `replies to replies: ${repliesToReplies.length}`);
      assert.ok(new Set(comments.map((c) => c.author_name)).size >= 5, 'from different readers');
      assert.equal(first[0]!.written.comments, comments.length);
    });

    test('writes uneven page views over the last 60 days, so 7 days, 30 days and all time rank differently', async () => {
      const demo = await blogNamed('demo');
      const views = await viewsOf(demo.id);
      const days = [...new Set(views.map((v) => v.day))].sort();
      assert.equal(days[0], utcDay(clock.ms - 59 * DAY_MS));
      assert.equal(days.at(-1), utcDay(clock.ms));
      assert.ok(days.length >= 55, `views on most days, got ${days.length}`);

      const ranking = async (window: '7d' | '30d' | 'all') =>
        services.repositories.views.mostViewed(demo.id, window, 5, dayIn(clock.ms, demo.time_zone));
      const [week, month, all] = [await ranking('7d'), await ranking('30d'), await ranking('all')];
      for (const r of [week, month, all]) assert.equal(r.length, 5);
      const ids = (r: { postId: string }[]) => r.map((x) => x.postId).join();
      assert.notEqual(ids(week), ids(month));
      assert.notEqual(ids(month), ids(all));
      assert.notEqual(week[0]!.postId, all[0]!.postId, 'the newest favourite is not the all-time one');
      assert.ok(all[0]!.views > 1.5 * all[4]!.views, 'a clear ranking, not a tie');
    });

    test('popular posts are ranked, with snippets cut at a word and ended with "…" for long posts', async () => {
      const demo = await blogNamed('demo');
      const popular = await services.popular.forBlog(demo);
      assert.equal(popular.length, demo.popular_count);
      for (const [i, item] of popular.entries()) {
        if (i > 0) assert.ok(item.views <= popular[i - 1]!.views);
        const text = item.post.body_text;
        if (Array.from(text).length > demo.snippet_length) {
          assert.ok(item.snippet.endsWith('…'), item.snippet);
          assert.ok(Array.from(item.snippet).length <= demo.snippet_length + 1);
          assert.ok(text.startsWith(item.snippet.slice(0, -1)), 'the snippet is the start of the text');
        } else {
          assert.equal(item.snippet, text);
        }
      }
      assert.ok(popular.some((p) => p.snippet.endsWith('…')));
    });

    test('writes the Urdu blog: right to left, three posts, labels, a comment, views', async () => {
      const urdu = await blogNamed('urdu');
      assert.equal(urdu.is_primary, 0);
      assert.equal(urdu.language, 'ur');
      assert.equal(urdu.time_zone, 'Asia/Karachi');
      const posts = await services.repositories.posts.newestLive(urdu.id, 10);
      assert.equal(posts.length, 3);
      for (const post of posts) assert.match(post.title + post.body_text, /[\u0600-\u06FF]{3}/);
      assert.ok((await services.repositories.labels.countsForBlog(urdu.id)).length >= 1);
      assert.ok((await commentsOf(urdu.id)).length >= 1);
      const popular = await services.popular.forBlog(urdu);
      assert.equal(popular.length, 3);
      assert.ok(popular.every((p) => p.snippet.endsWith('…')));
    });

    test('reports progress up to its total', () => {
      const total = progress[0]![1];
      assert.ok(total > 20);
      assert.deepEqual(progress.at(-1), [total, total]);
    });

    test('a second fill writes nothing and reports both blogs as existing', async () => {
      const [demo, urdu] = [await blogNamed('demo'), await blogNamed('urdu')];
      const before = [await snapshot(demo), await snapshot(urdu)];
      const again = await fillDemo(services, { now: clock.ms });
      assert.deepEqual(
        again.map((r) => [r.blog.id, r.status]),
        [
          [demo.id, 'existing'],
          [urdu.id, 'existing'],
        ],
      );
      assert.deepEqual([await snapshot(demo), await snapshot(urdu)], before);
      assert.equal(await services.repositories.blogs.count(), 2);
    });

    test('reset deletes both blogs with everything in them and writes them afresh, still primary', async () => {
      const [demo, urdu] = [await blogNamed('demo'), await blogNamed('urdu')];
      const before = [await snapshot(demo), await snapshot(urdu)];
      const reset = await fillDemo(services, { now: clock.ms, reset: true });
      assert.deepEqual(
        reset.map((r) => r.status),
        ['created', 'created'],
      );
      const [demo2, urdu2] = [await blogNamed('demo'), await blogNamed('urdu')];
      assert.notEqual(demo2.id, demo.id);
      assert.equal(demo2.is_primary, 1);
      assert.deepEqual([await snapshot(demo2), await snapshot(urdu2)], before);
      assert.equal(await services.repositories.blogs.count(), 2);
      for (const table of ['posts', 'comments', 'labels', 'post_views_daily'] as const) {
        const left = await storage.db.selectFrom(table).select('blog_id').where('blog_id', 'in', [demo.id, urdu.id]).execute();
        assert.equal(left.length, 0, `${table} of the deleted blogs`);
      }
      const found = await services.reader.search(demo2, 'dastango', 1);
      assert.equal(found.total, 1, 'search sees the new posts once, none of the deleted ones');
    });
  });
}

describe('dastan demo on the command line', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dastan-demo-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  function dastan(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: path.join(dir, 'dastan.db'),
      DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      PORT: '4321',
      BASE_DOMAIN: 'localhost',
    };
    delete env.DASTAN_CONFIG;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  test('fills both blogs, shows progress, prints the addresses to open and exits 0', async () => {
    const run = await dastan('demo');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /created blog "demo" \(Dastan Demo\): \d+ posts, 2 pages, \d+ comments/);
    assert.match(run.stdout, /created blog "urdu"/);
    assert.match(run.stdout, /http:\/\/demo\.localhost:4321\/ /);
    assert.match(run.stdout, /http:\/\/localhost:4321\/ .*primary/);
    assert.match(run.stdout, /http:\/\/demo\.localhost:4321\/\d{4}\/\d{2}\/[a-z0-9-]+\.html .*comments/);
    assert.match(run.stdout, /http:\/\/urdu\.localhost:4321\/ /);
    assert.match(run.stderr, /Writing the demo blogs: (\d+)\/\1 done/);
  });

  test('a second run says the blogs exist, writes nothing and exits 0', async () => {
    const run = await dastan('demo');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /blog "demo" already exists/);
    assert.match(run.stdout, /--reset/);
    assert.doesNotMatch(run.stdout, /created blog/);
    assert.doesNotMatch(run.stderr, /Writing/);
  });

  test('--reset writes the blogs afresh', async () => {
    const run = await dastan('demo', '--reset');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /created blog "demo"/);
    assert.match(run.stdout, /created blog "urdu"/);
  });

  test('--help describes the command and its option', async () => {
    const run = await dastan('demo', '--help');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /Usage: dastan demo \[options\]/);
    assert.match(run.stdout, /--reset/);
  });

  test('an unknown option fails with a one-line reason', async () => {
    const run = await dastan('demo', '--bogus');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown option '--bogus'/);
  });
});
