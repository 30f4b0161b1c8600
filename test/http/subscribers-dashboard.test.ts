/**
 * The subscribers page: owners and admins list, search, add, remove, import and export their blog's
 * subscribers (with consent dates); authors never see an address; another blog's list never shows;
 * bad input (a bad address, a bad CSV line, a formula in a cell) is refused or made harmless with a
 * message, and changes nothing else. The mailings page counts what each mailed post did.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`subscribers page on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let author: UserRow;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
      author = await t.services.users.createUser({ email: 'author@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, author.id, 'author');
      await t.services.subscriberList.add(other, { email: 'secret@other.example', frequency: 'each' });
    });
    after(() => t.close());

    test('the owner adds, finds and removes an address; bad input is refused with a message', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const empty = await client.get('/admin/blogs/www/subscribers');
      assert.equal(empty.statusCode, 200);
      assert.match(empty.body, /No one follows this blog by e-mail yet/);
      assert.doesNotMatch(empty.body, /secret@other/);

      const added = await client.post('/admin/blogs/www/subscribers', {
        email: 'Reader@Example.org',
        frequency: 'weekly',
        consent: '2025-02-03',
      });
      assert.equal(added.statusCode, 303);
      const list = await client.get('/admin/blogs/www/subscribers?done=added');
      assert.match(list.body, /The address was added\./);
      assert.match(list.body, /reader@example\.org/);
      assert.match(list.body, /weekly digest/);
      assert.match(list.body, /datetime="2025-02-03T00:00:00\.000Z"/);

      const twice = await client.post('/admin/blogs/www/subscribers', { email: 'reader@example.org', frequency: 'each' });
      assert.equal(twice.statusCode, 400);
      assert.match(twice.body, /reader@example\.org\u2069? is on this blog(’|'|&#39;|&apos;)s list already/);
      const bad = await client.post('/admin/blogs/www/subscribers', { email: '<script>alert(1)</script>', frequency: 'each' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Please enter an e-mail address/);
      assert.doesNotMatch(bad.body, /<script>alert/);
      const future = await client.post('/admin/blogs/www/subscribers', { email: 'later@example.org', consent: '2999-01-01' });
      assert.equal(future.statusCode, 400);
      assert.match(future.body, /cannot be in the future/);

      const found = await client.get('/admin/blogs/www/subscribers?q=READER&status=active');
      assert.match(found.body, /reader@example\.org/);
      const none = await client.get('/admin/blogs/www/subscribers?q=%25_nobody');
      assert.match(none.body, /No subscriber matches/);

      const [row] = (await t.services.subscriberList.page(blog, {})).subscribers;
      const otherRow = (await t.services.subscriberList.page(other, {})).subscribers[0]!;
      assert.equal((await client.post(`/admin/blogs/www/subscribers/${otherRow.id}/remove`)).statusCode, 404, 'not another blog’s');
      assert.equal((await client.post(`/admin/blogs/www/subscribers/${row!.id}/remove`, {}, { csrf: null })).statusCode, 403);
      assert.equal((await client.post(`/admin/blogs/www/subscribers/${row!.id}/remove`)).statusCode, 303);
      assert.equal((await t.services.subscriberList.page(blog, {})).subscribers.length, 0);
      assert.equal((await t.services.subscriberList.page(other, {})).subscribers.length, 1);
    });

    test('CSV import reports bad lines, keeps consent dates, and the export reads back with formulas defused', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      await client.get('/admin/blogs/www/subscribers');
      const csv = [
        'Email,Frequency,Confirmed_At',
        'one@example.org,each,2024-05-06T07:08:09Z',
        'TWO@example.org,weekly,',
        'not an address,each,',
        'three@example.org,monthly,',
        'four@example.org,each,yesterday',
        'one@example.org,each,',
        '"=cmd|\' /C calc\'!A0@example.org",each,',
        '=1+2@example.org,each,',
      ].join('\r\n');
      const imported = await client.multipart(
        '/admin/blogs/www/subscribers/import',
        {},
        { field: 'file', name: 'list.csv', bytes: Buffer.from(csv), type: 'text/csv' },
      );
      assert.equal(imported.statusCode, 200, imported.body.slice(0, 500));
      assert.match(imported.body, /Imported 3 new addresses; 1 was on the list already\./);
      assert.match(imported.body, /Line 4: &quot;not an address&quot; is not an e-mail address\./);
      assert.match(imported.body, /Line 5: The frequency must be/);
      assert.match(imported.body, /Line 6: &quot;yesterday&quot; is not a date\./);
      assert.match(imported.body, /Line 8: &quot;=cmd\|&apos; \/c calc&apos;!a0@example\.org&quot; is not an e-mail address\./);

      const exported = await client.get('/admin/blogs/www/subscribers.csv');
      assert.equal(exported.statusCode, 200);
      assert.match(String(exported.headers['content-type']), /^text\/csv/);
      assert.match(String(exported.headers['content-disposition']), /attachment; filename="www-subscribers\.csv"/);
      const lines = exported.body.trim().split('\r\n');
      assert.equal(lines[0], 'email,status,frequency,source,created_at,confirmed_at,unsubscribed_at,stopped_reason');
      assert.equal(lines.length, 4);
      assert.match(lines[1]!, /^one@example\.org,active,each,import,[^,]+,2024-05-06T07:08:09\.000Z,,$/);
      assert.match(lines[2]!, /^two@example\.org,active,weekly,import,/);
      assert.match(lines[3]!, /^'=1\+2@example\.org,active/, 'a formula is kept as text');
      assert.doesNotMatch(exported.body, /secret@other/);

      const noCsv = await client.multipart(
        '/admin/blogs/www/subscribers/import',
        {},
        { field: 'file', name: 'x.csv', bytes: Buffer.from('name\r\nAda\r\n'), type: 'text/csv' },
      );
      assert.equal(noCsv.statusCode, 400);
      assert.match(noCsv.body, /needs a header row with a column named &quot;email&quot;/);
    });

    test('authors and strangers see no address', async () => {
      const client = await new Client(t.app).signInAs(t.services, author);
      const page = await client.get('/admin/blogs/www/subscribers');
      assert.equal(page.statusCode, 403);
      assert.doesNotMatch(page.body, /@example\.org/);
      assert.equal((await client.get('/admin/blogs/www/subscribers.csv')).statusCode, 403);
      assert.equal((await client.get('/admin/blogs/www/subscribers/mailings')).statusCode, 403);
      const overview = await client.get('/admin/blogs/www/posts');
      assert.doesNotMatch(overview.body, /\/subscribers"/, 'no menu entry for authors');
      const stranger = await new Client(t.app).get('/admin/blogs/www/subscribers.csv');
      assert.equal(stranger.statusCode, 303);
    });
  });
}
