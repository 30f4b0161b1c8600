/**
 * Mail benchmark: a post mailed to 10,000 subscribers through a real SMTP server (the tests' light
 * `smtp-server` sink, in this process), with the app's own queue, ledger and pooled SMTP transport, on a
 * fresh SQLite file and — with `--database postgres://…` — PostgreSQL. Beside it, in the same run and
 * against the same sink, the baseline: nodemailer alone sending the same number of mails over the same
 * pool with no database at all. Prints the time to queue, mails a second, and the database time per mail
 * (every statement's duration as Kysely logs it, summed over the run, divided by the mails).
 *
 *   npm run bench:mail [-- --subscribers 10000 --database postgres://postgres@127.0.0.1:5432/test]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { LogEvent } from 'kysely';
import pg from 'pg';
import { SmtpTransport } from '../src/domain/subscriptions/mail-transport.js';
import { openStorage, type Storage } from '../src/storage/database.js';
import { migrateToLatest } from '../src/storage/migrator.js';
import { newId } from '../src/storage/ids.js';
import { makeBlog, servicesFor, TestClock } from '../test/helpers/factories.js';
import { startInbox, type Inbox } from '../test/helpers/smtp-inbox.js';

const { values } = parseArgs({ options: { subscribers: { type: 'string', default: '10000' }, database: { type: 'string' } } });
const COUNT = Number(values.subscribers);

async function baseline(inbox: Inbox): Promise<number> {
  const transport = new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`, { pool: true });
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < COUNT) {
      const i = next++;
      await transport.send({
        from: { name: 'Bench', address: 'no-reply@example.test' },
        to: `reader${i}@example.org`,
        subject: 'A post',
        text: 'A post for everyone who follows.',
        html: '<p>A post for everyone who follows.</p>',
        messageId: `<baseline.${i}@www.example.test>`,
        headers: {},
      });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return (performance.now() - start) / 1000;
}

async function run(
  name: string,
  open: (log: (event: LogEvent) => void) => Promise<{ storage: Storage; cleanup(): Promise<void> }>,
  inbox: Inbox,
) {
  let dbMs = 0;
  let statements = 0;
  const opened = await open((event) => {
    dbMs += event.queryDurationMillis;
    statements++;
  });
  const { storage } = opened;
  const services = servicesFor(storage, new TestClock(Date.now()), {
    transport: new SmtpTransport(`smtp://127.0.0.1:${inbox.port}`, { pool: true }),
    jobs: { pollMs: 20, concurrency: 4 },
  });
  const blog = await makeBlog(services, { name: 'www' });
  const owner = await services.users.createUser({ email: 'owner@example.com', displayName: 'Olive' });
  await services.users.addMember(blog.id, owner.id, 'owner');
  const now = Date.now();
  const rows = Array.from({ length: COUNT }, (_, i) => ({
    ...{ id: newId(now) + String(i).padStart(5, '0'), blog_id: blog.id, email: `reader${i}@example.org` },
    ...{ status: 'active' as const, frequency: 'each' as const, confirm_hash: null, source: 'import' as const },
    ...{ created_at: now, confirmed_at: now, unsubscribed_at: null, stopped_reason: null, updated_at: now },
  }));
  for (let i = 0; i < rows.length; i += 500)
    await storage.db
      .insertInto('subscribers')
      .values(rows.slice(i, i + 500))
      .execute();
  inbox.deliveries.length = 0;
  dbMs = 0;
  statements = 0;
  const start = performance.now();
  // Publishing queues the mailing (one job); its fan-out into batches is part of the send time.
  await services.editor.create(
    blog,
    'post',
    {
      ...{ title: 'A post', body: '<p>A post for everyone who follows.</p>', format: 'html', labels: [], slug: '', searchDescription: '' },
      ...{ commentsSetting: 'allow', author: owner, role: 'owner' },
    },
    'publish',
    owner.id,
  );
  const queued = performance.now();
  services.jobs.start();
  while (inbox.deliveries.length < COUNT) await new Promise((resolve) => setTimeout(resolve, 20));
  const seconds = (performance.now() - start) / 1000;
  await services.jobs.stop();
  const figures = {
    name,
    seconds,
    perSecond: COUNT / seconds,
    queueMs: queued - start,
    dbMsPerMail: dbMs / COUNT,
    statementsPerMail: statements / COUNT,
  };
  await opened.cleanup();
  return figures;
}

const inbox = await startInbox({ light: true });
const results: string[] = [];
const base = await baseline(inbox);
results.push(`baseline (nodemailer pool alone, no database): ${COUNT} mails in ${base.toFixed(1)} s, ${(COUNT / base).toFixed(0)} mails/s`);

const dir = mkdtempSync(path.join(tmpdir(), 'dastan-mail-bench-'));
const sqlite = await run(
  'SQLite',
  async (log) => {
    const storage = openStorage(path.join(dir, 'bench.db'), { log });
    await migrateToLatest(storage);
    return { storage, cleanup: () => storage.close() };
  },
  inbox,
);
const runs = [sqlite];
if (values.database) {
  const url = values.database;
  runs.push(
    await run(
      'PostgreSQL',
      async (log) => {
        const schema = `bench_${randomBytes(5).toString('hex')}`;
        const admin = async (text: string) => {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          await client.query(text).finally(() => client.end());
        };
        await admin(`create schema ${schema}`);
        const storage = openStorage(url, { log, searchPath: schema });
        await migrateToLatest(storage);
        return {
          storage,
          async cleanup() {
            await storage.close();
            await admin(`drop schema ${schema} cascade`);
          },
        };
      },
      inbox,
    ),
  );
}
for (const r of runs)
  results.push(
    `Dastan on ${r.name}: ${COUNT} mails in ${r.seconds.toFixed(1)} s, ${r.perSecond.toFixed(0)} mails/s ` +
      `(${((100 * r.perSecond) / (COUNT / base)).toFixed(0)} % of the baseline); queued in ${r.queueMs.toFixed(0)} ms; ` +
      `database ${r.dbMsPerMail.toFixed(2)} ms and ${r.statementsPerMail.toFixed(1)} statements per mail`,
  );
console.log(results.join('\n'));
await inbox.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
