/**
 * Issue 19, finding 9: a full disk. The database (and the uploads) live on a real small file system
 * (a tmpfs of a few megabytes), filled to the brim while the app runs. Writes must then be refused with
 * a 503 page that says so (never a 500), nothing acknowledged may be lost, reads go on, and once the disk
 * has room again the same process takes writes by itself. SQLite keeps its file on the small disk;
 * PostgreSQL keeps the posts table in a tablespace on it.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { sql } from 'kysely';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { openPostgresSchema, POSTGRES_URL, testDatabases, type TestDatabase } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { mountSmallDisk, type SmallDisk } from '../helpers/small-disk.js';

/** Text that neither PostgreSQL's TOAST nor anything else compresses: each post takes its full size. */
const incompressible = (bytes: number) => randomBytes(bytes).toString('base64');

for (const database of testDatabases) {
  const disk = database.skip ? database.skip : mountSmallDisk(24, database.name === 'postgres' ? 'postgres' : undefined);
  const skip = typeof disk === 'string' ? disk : false;
  if (skip && !database.skip) console.log(`skipped: full-disk test on ${database.name}: ${skip}`);

  describe(`a full disk on ${database.name}`, { skip }, () => {
    const small = disk as SmallDisk;
    const tablespace = `small_${randomBytes(4).toString('hex')}`;
    let t: TestApp;
    let owner: Client;
    const acknowledged: string[] = [];
    const refused: string[] = [];

    /** The database on the small disk: SQLite's file, or PostgreSQL's posts table in a tablespace there. */
    const onSmallDisk: TestDatabase = {
      name: database.name,
      skip: false,
      async open(): Promise<Storage> {
        if (database.name === 'sqlite') {
          const storage = openStorage(path.join(small.dir, 'dastan.db'));
          await migrateToLatest(storage);
          return storage;
        }
        const storage = await openPostgresSchema();
        await migrateToLatest(storage);
        const where = path.join(small.dir, 'pg');
        mkdirSync(where);
        execFileSync('chown', ['postgres', where]);
        await sql.raw(`create tablespace ${tablespace} location '${where}'`).execute(storage.db);
        await sql.raw(`alter table posts set tablespace ${tablespace}`).execute(storage.db);
        return {
          ...storage,
          async close() {
            await storage.close(); // drops the schema, and the posts table with it
            const cleaner = new pg.Client({ connectionString: POSTGRES_URL });
            await cleaner.connect();
            await cleaner.query(`drop tablespace if exists ${tablespace}`);
            await cleaner.end();
          },
        };
      },
    };

    before(async () => {
      const dataDir = path.join(small.dir, 'data');
      mkdirSync(path.join(dataDir, 'uploads'), { recursive: true });
      t = await startTestApp(onSmallDisk, { dataDir });
      const blog = await makeBlog(t.services, { name: 'www' });
      const user = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, user.id, 'owner');
      owner = await new Client(t.app).signInAs(t.services, user);
    });
    after(async () => {
      await t?.close();
      small.unmount();
    });

    const publish = async (title: string, bytes = 96 * 1024) => {
      await owner.get('/admin/blogs/www/posts/new');
      return owner.post('/admin/blogs/www/posts', { title, body: `<p>${incompressible(bytes)}</p>`, action: 'publish' });
    };

    test('before the disk fills, a post is published', async () => {
      const res = await publish('Before the disk filled', 1024);
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      acknowledged.push('Before the disk filled');
    });

    test('with the disk full, writes are refused with a 503 page that says so, never a 500', async () => {
      small.fill();
      let sent = 0;
      while (refused.length < 3 && sent < 80) {
        const title = `Written on a full disk ${++sent}`;
        const res = await publish(title);
        assert.ok(res.statusCode === 303 || res.statusCode === 503, `${title}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (res.statusCode === 303) {
          acknowledged.push(title);
          continue;
        }
        refused.push(title);
        assert.equal(res.headers['retry-after'], '60');
        assert.match(String(res.headers['content-type']), /text\/html/);
        assert.match(res.body, /disk is full/);
        assert.match(res.body, /nothing was saved/);
        assert.doesNotMatch(res.body, /SQLITE_|SqliteError|at \w+ \(|node_modules|No space left/);
      }
      assert.equal(refused.length, 3, `a full disk refused nothing in ${sent} posts of 128 KB`);

      // Programs get the same answer as JSON.
      const json = await t.app.inject({
        method: 'POST',
        url: '/admin/blogs/www/posts',
        headers: {
          host: owner.host,
          cookie: [...owner.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({
          _csrf: owner.csrf,
          title: 'As JSON',
          body: `<p>${incompressible(96 * 1024)}</p>`,
          action: 'publish',
        }).toString(),
      });
      assert.equal(json.statusCode, 503, json.body.slice(0, 300));
      assert.equal(json.json().error, 'storage_full');
    });

    test('an upload on a full disk is refused with 503 and leaves no half-written files', async () => {
      const uploads = path.join(small.dir, 'data', 'uploads');
      // Files and picture folders (uploads/BLOG/ID); the blog's own folder may stay.
      const written = () => readdirSync(uploads, { recursive: true }).filter((p) => String(p).split(path.sep).length > 1).length;
      const before = written();
      const noise = await sharp(randomBytes(300 * 300 * 3), { raw: { width: 300, height: 300, channels: 3 } })
        .png()
        .toBuffer();
      await owner.get('/admin/blogs/www/posts/new');
      const res = await owner.upload('/admin/blogs/www/uploads', 'noise.png', noise, 'image/png');
      assert.equal(res.statusCode, 503, res.body.slice(0, 300));
      assert.equal(res.json().error, 'storage_full');
      assert.equal(written(), before, 'files left behind');
    });

    test('readers are still served while the disk is full', async () => {
      const home = await t.get('www', '/');
      assert.equal(home.statusCode, 200);
      assert.match(home.body, /Before the disk filled/);
    });

    test('when the disk has room again, the same process takes writes by itself; nothing acknowledged was lost', async () => {
      small.makeRoom();
      const res = await publish('After the disk had room');
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      acknowledged.push('After the disk had room');

      const titles = new Set((await t.storage.db.selectFrom('posts').select('title').execute()).map((r) => r.title));
      for (const title of acknowledged) assert.ok(titles.has(title), `acknowledged but lost: ${title}`);
      for (const title of refused) assert.ok(!titles.has(title), `refused but stored: ${title}`);
      if (database.name === 'sqlite') {
        const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.storage.db);
        assert.deepEqual(
          check.rows.map((r) => r.integrity_check),
          ['ok'],
        );
      } else {
        const count = await sql<{ n: number }>`select count(*)::int as n from posts`.execute(t.storage.db);
        assert.equal(count.rows[0]!.n, acknowledged.length);
      }
    });
  });
}
