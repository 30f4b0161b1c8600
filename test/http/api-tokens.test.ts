/**
 * Personal API tokens from the dashboard, on both databases: made with a name and a level per blog,
 * shown once, stored only as a hash, usable against the API at once, listed with their last use, and
 * dead on the next request once revoked. Another user cannot revoke them; forms need the CSRF token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

for (const database of testDatabases) {
  describe(`API tokens in the dashboard on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let notMine: BlogRow;
    let writer: UserRow;
    let intruder: UserRow;

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'tokens', title: 'Tokens blog' });
      notMine = await makeBlog(t.services, { name: 'notmine', title: 'Not mine' });
      writer = await t.services.users.createUser({ email: `writer-${database.name}@example.com`, displayName: 'Writer' });
      intruder = await t.services.users.createUser({ email: `intruder-${database.name}@example.com` });
      await t.services.users.addMember(blog.id, writer.id, 'author');
      await t.services.users.addMember(notMine.id, intruder.id, 'owner');
    });
    after(async () => t?.close());

    const api = (token: string, path: string) => t.app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } });

    test('make, use, list and revoke a token', async () => {
      const client = new Client(t.app);
      await client.signInAs(t.services, writer);
      const page = await client.get('/admin/account/tokens');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Tokens blog/);
      assert.doesNotMatch(page.body, /Not mine/);
      const made = await client.post('/admin/account/tokens', {
        name: 'My <b>editor</b>',
        [`level-${blog.id}`]: 'write',
        [`level-${notMine.id}`]: 'admin',
        expires: '90',
      });
      assert.equal(made.statusCode, 200);
      const token = /id="token-value" type="text" readonly value="(dst_[^"]+)"/.exec(made.body)?.[1];
      assert.ok(token, 'the new token is shown once');
      assert.match(made.body, /My &lt;b&gt;editor&lt;\/b&gt;/);
      const [row] = await t.services.api.tokens.list(writer.id);
      assert.ok(row && !JSON.stringify(row).includes(token), 'only a hash is stored');
      assert.deepEqual(JSON.parse(row.scopes), [{ blog: blog.id, level: 'write' }], 'a blog the user is not a member of is never in scope');
      assert.equal((await api(token, '/v3/users/self')).statusCode, 200);
      assert.equal((await api(token, `/v3/blogs/${notMine.id}/posts?status=draft`)).statusCode, 403);
      const listed = await client.get('/admin/account/tokens');
      assert.doesNotMatch(listed.body, new RegExp(token));
      assert.match(listed.body, /<bdi>Tokens blog<\/bdi>: write/);
      assert.doesNotMatch(listed.body, /<td>never<\/td>\s*<td>/, 'it shows when it was last used');

      const stranger = new Client(t.app);
      await stranger.signInAs(t.services, intruder);
      await stranger.get('/admin/account/tokens');
      assert.equal((await stranger.post(`/admin/account/tokens/${row.id}/revoke`)).statusCode, 303);
      assert.equal((await api(token, '/v3/users/self')).statusCode, 200, 'another user cannot revoke it');
      assert.equal((await client.post(`/admin/account/tokens/${row.id}/revoke`, {}, { csrf: null })).statusCode, 403);
      assert.equal((await client.post(`/admin/account/tokens/${row.id}/revoke`)).statusCode, 303);
      const revoked = await api(token, '/v3/users/self');
      assert.equal(revoked.statusCode, 401);
      assert.equal(JSON.parse(revoked.body).error.errors[0].reason, 'authError');
    });

    test('a token needs a name and at least one blog; nothing is made otherwise', async () => {
      const client = new Client(t.app);
      await client.signInAs(t.services, writer);
      await client.get('/admin/account/tokens');
      const before = (await t.services.api.tokens.list(writer.id)).length;
      const noBlog = await client.post('/admin/account/tokens', { name: 'Nothing', [`level-${blog.id}`]: 'none' });
      assert.equal(noBlog.statusCode, 400);
      assert.match(noBlog.body, /at least one blog/);
      const noName = await client.post('/admin/account/tokens', { name: '', [`level-${blog.id}`]: 'read' });
      assert.equal(noName.statusCode, 400);
      const badLevel = await client.post('/admin/account/tokens', { name: 'x', [`level-${blog.id}`]: 'root' });
      assert.equal(badLevel.statusCode, 400);
      assert.equal((await t.services.api.tokens.list(writer.id)).length, before);
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/admin/account/tokens', headers: { host: 'www.example.test' } })).statusCode,
        303,
      );
    });
  });
}
