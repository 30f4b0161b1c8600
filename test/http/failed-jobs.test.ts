/**
 * The dashboard's list of failed background jobs: the owner sees their blog's failed jobs (and no other
 * blog's), with the reason, and retries one with the form's CSRF token; a retry without the token, of
 * another blog's job or by an admin is refused and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`failed jobs page on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let other: BlogRow;
    let owner: UserRow;
    let admin: UserRow;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      other = await makeBlog(t.services, { name: 'other', title: 'Other blog' });
      owner = await t.services.users.createUser({ email: 'owner@example.com' });
      admin = await t.services.users.createUser({ email: 'admin@example.com' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      await t.services.users.addMember(other.id, owner.id, 'owner');
      await t.services.users.addMember(blog.id, admin.id, 'admin');
      let fixed = false;
      t.services.jobs.handle('mail.post-to', async ({ to }: { to: string }) => {
        if (!fixed) throw new Error(`550 5.1.1 <${to}>: <script>alert(1)</script> no such user`);
      });
      await t.services.jobs.enqueue({ kind: 'mail.post-to', payload: { to: 'a@example.org' }, maxAttempts: 1, blogId: blog.id });
      await t.services.jobs.enqueue({ kind: 'mail.post-to', payload: { to: 'b@example.org' }, maxAttempts: 1, blogId: other.id });
      await t.services.jobs.drainForTests();
      after(() => (fixed = true));
    });
    after(() => t.close());

    test('the owner sees the reason, escaped, and retries the job with the form', async () => {
      const client = await new Client(t.app).signInAs(t.services, owner);
      const page = await client.get('/admin/blogs/www/jobs');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Post mailed to one subscriber/);
      assert.match(page.body, /550 5\.1\.1 &lt;a@example\.org&gt;: &lt;script&gt;/);
      assert.doesNotMatch(page.body, /b@example\.org/, 'no other blog’s job');
      const [failed] = await t.services.jobs.listFailed(blog.id);
      const [othersJob] = await t.services.jobs.listFailed(other.id);

      const noToken = await client.post(`/admin/blogs/www/jobs/${failed!.id}/retry`, {}, { csrf: null });
      assert.equal(noToken.statusCode, 403);
      const wrongBlog = await client.post(`/admin/blogs/www/jobs/${othersJob!.id}/retry`);
      assert.equal(wrongBlog.statusCode, 404);
      const junk = await client.post(`/admin/blogs/www/jobs/not-a-job/retry`);
      assert.equal(junk.statusCode, 404);
      assert.equal((await t.services.jobs.listFailed(blog.id)).length, 1);
      assert.equal((await t.services.jobs.listFailed(other.id)).length, 1);

      const adminClient = await new Client(t.app).signInAs(t.services, admin);
      assert.equal((await adminClient.get('/admin/blogs/www/jobs')).statusCode, 403);
      await adminClient.get('/admin/blogs/www/posts');
      assert.equal((await adminClient.post(`/admin/blogs/www/jobs/${failed!.id}/retry`)).statusCode, 403);
      assert.equal((await t.services.jobs.listFailed(blog.id)).length, 1);

      const retried = await client.post(`/admin/blogs/www/jobs/${failed!.id}/retry`);
      assert.equal(retried.statusCode, 303);
      assert.equal(retried.headers.location, '/admin/blogs/www/jobs?done=retry');
      const again = await client.get('/admin/blogs/www/jobs?done=retry');
      assert.match(again.body, /The job is queued again\./);
      assert.match(again.body, /No background job has failed\./);
    });
  });
}
