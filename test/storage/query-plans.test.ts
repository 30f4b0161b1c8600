/**
 * The plans of the hot queries, on both databases: every SELECT that a page of every kind runs (home,
 * post, page, labels, archives, search, every feed, the sitemap, the API's posts.list, the stats
 * dashboard) is explained, and a plan that reads a whole table — or a whole index, which costs the
 * same — fails. Such a query grows with the blog; at 1,000,000 posts it is the page that times out.
 *
 * SQLite: `EXPLAIN QUERY PLAN` after ANALYZE of a blog big enough for the planner to tell tables apart.
 * PostgreSQL: `EXPLAIN` with sequential scans, hash and merge joins off, so a sequential scan left in the
 * plan means no index can serve the query and a join must find its rows by an index (with a test's few
 * rows, PostgreSQL would rightly read small tables whole and hash them).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompiledQuery, sql, type Kysely, type LogEvent } from 'kysely';
import type { Database } from '../../src/storage/schema.js';
import { testDatabases, type TestDatabase } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { generateScaleData, type ScaleBlog } from '../../bench/scale/generate-scale.js';
import { pageKinds } from '../../bench/scale/page-kinds.js';
import { planProblems } from '../helpers/query-plans.js';

interface Statement {
  sql: string;
  parameters: readonly unknown[];
  kinds: Set<string>;
  /** The parameters each page kind ran it with (search's words differ, its SQL does not). */
  parametersOf: Map<string, readonly unknown[]>;
}

test('the plan reader names full scans and sorts for a few rows, and passes bounded reads', () => {
  assert.deepEqual(
    planProblems('sqlite', 'select * from posts where blog_id = ?', ['1'], ['SEARCH posts USING INDEX posts_feed (blog_id=?)']),
    [],
  );
  assert.equal(planProblems('sqlite', 'select * from posts', [], ['SCAN posts']).length, 1);
  assert.equal(planProblems('sqlite', 'select id from posts', [], ['SCAN posts USING COVERING INDEX posts_feed']).length, 1);
  assert.deepEqual(planProblems('sqlite', 'select rowid from f where f match ?', ['x'], ['SCAN f VIRTUAL TABLE INDEX 0:M2']), []);
  const sorted = ['SEARCH posts USING INDEX posts_source (blog_id=?)', 'USE TEMP B-TREE FOR ORDER BY'];
  assert.equal(planProblems('sqlite', 'select * from posts where blog_id = ? order by title limit ?', ['1', 8], sorted).length, 1);
  assert.deepEqual(planProblems('sqlite', 'select * from posts where blog_id = ? order by title limit ?', ['1', 50_000], sorted), []);
  const pgFull = [
    'Limit  (cost=1..2 rows=8 width=1)',
    '  ->  Index Scan using posts_pkey on posts  (cost=1..2 rows=8 width=1)',
    '        Filter: (blog_id = 1)',
  ];
  assert.equal(planProblems('postgres', 'select * from posts where blog_id = $1 limit $2', ['1', 8], pgFull).length, 1);
  const pgSeq = ['Seq Scan on comments  (cost=0..1 rows=1 width=1)', '  Filter: (post_id = 1)'];
  assert.equal(planProblems('postgres', 'select * from comments where post_id = $1', ['1'], pgSeq).length, 1);
  const pgBounded = ['Index Scan using comments_post on comments  (cost=0..1 rows=1 width=1)', '  Index Cond: (post_id = 1)'];
  assert.deepEqual(planProblems('postgres', 'select * from comments where post_id = $1', ['1'], pgBounded), []);
});

for (const database of testDatabases) {
  describe(`query plans of every page kind (${database.name})`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: ScaleBlog;
    let current = '';
    const statements = new Map<string, Statement>();
    const record = (event: LogEvent) => {
      if (!current || event.level !== 'query') return;
      const text = event.query.sql;
      if (!/^\s*(select|with)\b/i.test(text)) return;
      const seen = statements.get(text) ?? {
        sql: text,
        parameters: event.query.parameters,
        kinds: new Set<string>(),
        parametersOf: new Map(),
      };
      seen.kinds.add(current);
      if (!seen.parametersOf.has(current)) seen.parametersOf.set(current, event.query.parameters);
      statements.set(text, seen);
    };
    const logging: TestDatabase = { ...database, open: () => database.open({ log: record }) };

    before(async () => {
      t = await startTestApp(logging, { pageCacheSeconds: 0 });
      blog = await generateScaleData(t.storage, { posts: 400, smallBlogs: 30, commentsPerPost: 3, viewedPerDay: 20, now: t.clock.ms });
      // Planner statistics, as a live database has them (SQLite: `PRAGMA optimize` at open; PostgreSQL: autovacuum).
      await sql`analyze`.execute(t.storage.db);
      const owner = await t.services.users.createUser({ email: `owner-${database.name}@example.com`, displayName: 'Owner' });
      await t.services.users.addMember(blog.blogId, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      for (const page of pageKinds(blog)) {
        current = page.kind;
        const res = page.admin ? await client.get(page.path) : await t.get(blog.name, page.path);
        current = '';
        assert.equal(res.statusCode, page.kind.startsWith('popular') ? 404 : 200, `${page.kind} (${page.path}): ${res.body.slice(0, 300)}`);
      }
      // A sitemap page that starts inside a day (the blog is too small for a second page of 1,000 URLs).
      current = 'a sitemap page starting inside a day';
      const [newest] = await t.services.repositories.posts.monthCounts(blog.blogId);
      const days = await t.services.repositories.posts.sitemap.dayCounts(blog.blogId, newest!.year, newest!.month);
      const day = days.findIndex((d) => d.count >= 2);
      const skip = days.slice(0, day).reduce((sum, d) => sum + d.count, 0) + 1;
      const found = await t.services.repositories.posts.sitemap.startInMonth(blog.blogId, newest!.year, newest!.month, skip);
      assert.ok(day >= 0 && found.start.before !== undefined && found.offset === 1, 'the start is inside a day');
      assert.equal((await t.services.repositories.posts.sitemap.entries(blog.blogId, 'post', 10, found.offset, found.start)).length, 10);
      current = '';
    });
    after(() => t?.close());

    async function explain(connection: Kysely<Database>, statement: Statement): Promise<string[]> {
      const explain = database.name === 'postgres' ? 'explain ' : 'explain query plan ';
      const result = await connection.executeQuery(CompiledQuery.raw(explain + statement.sql, [...statement.parameters]));
      return result.rows.map((r) => {
        const row = r as Record<string, unknown>;
        return String(row['QUERY PLAN'] ?? row.detail);
      });
    }

    /**
     * A call of the search function (migration 20261207T0400) as the statement it EXECUTEs, the call's
     * arguments in place of its parameters, so that its plan can be read (EXPLAIN of the call shows a
     * function scan only). The function's own planner settings apply here too (those set below).
     */
    async function functionBody(statement: Statement): Promise<Statement> {
      const call = /posts_matching_by_index\((.*)\)\s*$/s.exec(statement.sql);
      if (!call) return statement;
      const { rows } = await sql<{ body: string; args: string }>`
        select prosrc as body, pg_get_function_arguments(oid) as args from pg_proc where proname = 'posts_matching_by_index'`.execute(
        t.storage.db,
      );
      const names = rows[0]!.args.split(',').map((a) => a.trim().split(' ')[0]!);
      const executed = /execute\s+'((?:[^']|'')*)'\s+using\s+([^;]+);/s.exec(rows[0]!.body);
      assert.ok(executed, rows[0]!.body);
      // The call's arguments, split at the commas outside parentheses.
      const values: string[] = [''];
      let depth = 0;
      for (const c of call[1]!) {
        if (c === ',' && depth === 0) values.push('');
        else values[values.length - 1] += c;
        depth += c === '(' ? 1 : c === ')' ? -1 : 0;
      }
      assert.equal(values.length, names.length, statement.sql);
      // $n in the executed text is the nth name after USING, which is one of the function's parameters.
      const using = executed[2]!.split(',').map((n) => values[names.indexOf(n.trim())]!.trim());
      const body = executed[1]!.replace(/''/g, "'").replace(/\$(\d+)/g, (_, n: string) => `(${using[Number(n) - 1]!})`);
      return { ...statement, sql: body };
    }

    /** The statements a page kind ran that mention `text`. */
    const ranBy = (kind: string, text: RegExp) => [...statements.values()].filter((s) => s.kinds.has(kind) && text.test(s.sql));

    test('a search finds the blog’s matches inside the full-text index, newest first, with no sort', async () => {
      for (const kind of ['search, common word', 'search, rare word']) {
        const [ranking] = ranBy(kind, database.name === 'postgres' ? /ts_rank|posts_matching_by_index\(/ : /highlight\(posts_fts, 1/);
        assert.ok(ranking, `no ranking query for ${kind}`);
        const matching = await functionBody({ ...ranking, parameters: ranking.parametersOf.get(kind)! });
        // PostgreSQL, as below: with a test's few rows it would rightly read the table whole, or sort it;
        // with those off, the plan shows whether an index can find the rows (a rare word) or read them in
        // the order asked for (a common word, up to the limit).
        const planner = kind.includes('rare') ? ['enable_seqscan'] : ['enable_seqscan', 'enable_sort'];
        const plan = await t.storage.db.connection().execute(async (connection) => {
          if (database.name === 'sqlite') return explain(connection, matching);
          for (const setting of planner) await sql`set ${sql.raw(setting)} = off`.execute(connection);
          try {
            return await explain(connection, matching);
          } finally {
            for (const setting of planner) await sql`reset ${sql.raw(setting)}`.execute(connection);
          }
        });
        if (database.name === 'sqlite') {
          // EXPLAIN cannot show an FTS5 expression: the blog is the first term of the MATCH itself.
          assert.ok(
            matching.parameters.some((p) => typeof p === 'string' && p.startsWith(`blog_id : "${blog.blogId}" AND `)),
            'the blog is not part of the MATCH',
          );
          // The matches are gathered first (MATERIALIZE m), the FTS table driving in its own order.
          assert.match(
            plan.find((l) => l.includes('SCAN'))!,
            /SCAN f VIRTUAL TABLE/,
            plan.join('\n'),
          );
          assert.ok(!plan.some((l) => l.includes('TEMP B-TREE')), plan.join('\n'));
        } else {
          // The composite GIN index finds the blog's rows holding the words, or the blog's live posts are
          // read newest first until the limit: never the words across every blog.
          const text = plan.join('\n');
          const gin = /Bitmap Index Scan on posts_search_blog\s+.*\n\s+Index Cond: \(\(blog_id = .*search_vector @@/.test(text);
          const newest = /Index Scan Backward using posts_search_newest on posts .*\n\s+Index Cond: \(\(?blog_id =/.test(text);
          // A rare word: with 400 posts PostgreSQL may as well read the blog's rows through its plain index,
          // but every index it reads is bounded by the blog (at 100,000 posts it takes the GIN index).
          if (kind.includes('rare'))
            assert.ok(gin || /Index Cond: \(blog_id = [^)]*\)$/m.test(text), `every index read is bounded by the blog:\n${text}`);
          else assert.ok(newest, `a common word is read in the blog's newest live posts:\n${text}`);
        }
      }
    });

    test('the sitemap counts nothing: the blog keeps its numbers of live posts and pages', () => {
      const sitemap = ['sitemap (an index past 1,000 URLs)', 'one sitemap page', 'the last sitemap page'].flatMap((kind) =>
        ranBy(kind, /./),
      );
      assert.ok(sitemap.length > 0);
      for (const statement of sitemap) assert.doesNotMatch(statement.sql, /count\(/i, statement.sql);
    });

    test("the dashboard's posts list and overview count no posts: the totals are kept", () => {
      const dashboard = [...ranBy('dashboard posts list', /./), ...ranBy('dashboard overview', /./)];
      assert.ok(dashboard.length > 0);
      for (const statement of dashboard) assert.doesNotMatch(statement.sql, /count\(\*\)[^]*from "posts"/i, statement.sql);
    });

    test('the labels and archive gadgets count nothing: their counts are kept', () => {
      const all = [...statements.values()];
      assert.ok(all.some((s) => /from "post_months"/.test(s.sql)) && all.some((s) => /from "label_counts"/.test(s.sql)));
      for (const s of all) {
        assert.doesNotMatch(s.sql, /group by "path_year"/i, s.sql);
        assert.doesNotMatch(s.sql, /count\(\*\)[^]*from "post_labels"/i, s.sql);
      }
    });

    test('every page kind ran queries that were seen', () => {
      const kinds = new Set([...statements.values()].flatMap((s) => [...s.kinds]));
      for (const page of pageKinds(blog)) {
        // The sitemap's and feeds' queries are recorded under the first kind that ran them.
        if (['one sitemap page', 'the last sitemap page', 'posts feed (RSS, summary)', 'JSON Feed'].includes(page.kind)) continue;
        assert.ok(kinds.has(page.kind), `no query recorded for ${page.kind}`);
      }
    });

    const isSort = (problem: string) => problem.startsWith('sorts every matching row');

    test('no plan reads a whole table or index', async () => {
      const failures: string[] = [];
      await explainAll(failures);
      assert.deepEqual(failures, []);
    });

    async function explainAll(failures: string[]): Promise<void> {
      await t.storage.db.connection().execute(async (connection) => {
        const planner = ['enable_seqscan', 'enable_hashjoin', 'enable_mergejoin'];
        if (database.name === 'postgres') for (const setting of planner) await sql`set ${sql.raw(setting)} = off`.execute(connection);
        for (const statement of statements.values()) {
          let plan = await explain(connection, statement);
          // With a test's 400 posts and a limit of 1,000 (a sitemap page) sorting is PostgreSQL's cheaper
          // plan; with sorting off it still sorts only when no index serves the order, which is the question.
          if (database.name === 'postgres' && planProblems(database.name, statement.sql, statement.parameters, plan).some(isSort)) {
            await sql`set enable_sort = off`.execute(connection);
            plan = await explain(connection, statement);
            await sql`reset enable_sort`.execute(connection);
          }
          for (const problem of planProblems(database.name, statement.sql, statement.parameters, plan)) {
            failures.push(`${[...statement.kinds].join(', ')}: ${problem}\n  ${statement.sql}\n  ${plan.join('\n  ')}`.slice(0, 3000));
          }
        }
        if (database.name === 'postgres') for (const setting of planner) await sql`reset ${sql.raw(setting)}`.execute(connection);
      });
    }
  });
}
