/**
 * The media library on both databases: an upload is recorded with its uploader, size and alt text and
 * listed with a thumbnail and where it is used; alt text is changed by its uploader or an admin (not by
 * another author); an upload a post uses is refused deletion with a message naming the post, an unused
 * one is deleted with its files; uploads made before the library kept rows are found on disk; and one
 * blog's uploads are never listed, changed or deleted through another blog.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { BlogRow, UserRow } from '../../src/storage/schema.js';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#2a7a5a' } })
    .jpeg()
    .toBuffer();

for (const database of testDatabases) {
  describe(`the media library on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let blog: BlogRow;
    let otherBlog: BlogRow;
    let owner: Client;
    let author: Client;
    let secondAuthor: Client;
    let stranger: Client;
    let authorUser: UserRow;
    const screen = '/admin/blogs/www/media';

    before(async () => {
      t = await startTestApp(database);
      blog = await makeBlog(t.services, { name: 'www', title: 'Rivers' });
      otherBlog = await makeBlog(t.services, { name: 'other', title: 'Other' });
      const member = async (email: string, role: 'owner' | 'author', on = blog) => {
        const user = await t.services.users.createUser({ email });
        await t.services.users.addMember(on.id, user.id, role);
        return user;
      };
      owner = await new Client(t.app).signInAs(t.services, await member('owner@example.com', 'owner'));
      authorUser = await member('author@example.com', 'author');
      author = await new Client(t.app).signInAs(t.services, authorUser);
      secondAuthor = await new Client(t.app).signInAs(t.services, await member('second@example.com', 'author'));
      stranger = await new Client(t.app).signInAs(t.services, await member('stranger@example.com', 'owner', otherBlog));
    });
    after(() => t.close());

    const uploadAs = async (c: Client, name: string, bytes: Buffer) => {
      await c.get('/admin/blogs/www/posts/new');
      const res = await c.upload('/admin/blogs/www/uploads', name, bytes, 'image/jpeg');
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string; src: string; width: number; height: number; alt: string }>();
    };
    const row = (id: string) => t.services.storage.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();

    test('an upload is recorded and listed with its thumbnail, size, alt text and where it is used', async () => {
      const image = await uploadAs(author, 'river-at-dawn.jpg', await photo(1200, 800));
      const recorded = (await row(image.id))!;
      assert.equal(recorded.blog_id, blog.id);
      assert.equal(recorded.uploaded_by, authorUser.id);
      assert.equal(recorded.file_name, 'river-at-dawn.jpg');
      assert.equal(recorded.alt, 'river at dawn');
      assert.deepEqual([Number(recorded.width), Number(recorded.height)], [1200, 800]);
      assert.ok(Number(recorded.bytes) > 1000, 'the bytes of every copy on disk');

      let page = await author.get(screen);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, new RegExp(`src="/uploads/${blog.id}/${image.id}/320\\.webp" alt="river at dawn" width="160" height="107"`));
      assert.match(page.body, /1200 × 800/);
      assert.match(page.body, /Not used anywhere\./);
      const thumb = await author.get(`/uploads/${blog.id}/${image.id}/320.webp`);
      assert.equal(thumb.statusCode, 200, 'the thumbnail is made on its first request');

      const made = await author.post('/admin/blogs/www/posts', {
        title: 'Dawn on the river',
        body: `<p><img src="${image.src}" alt="River"></p>`,
        action: 'publish',
      });
      assert.equal(made.statusCode, 303);
      page = await author.get(screen);
      assert.match(page.body, /Used in/);
      assert.match(page.body, /<a href="\/admin\/blogs\/www\/posts\/\d+" dir="auto">Dawn on the river<\/a>/);

      const json = await author.get('/admin/blogs/www/media.json');
      const listed = json.json<{ items: { id: string; src: string; alt: string; width: number }[]; more: boolean }>();
      assert.deepEqual(
        listed.items.map((i) => [i.id, i.src, i.alt, i.width]),
        [[image.id, image.src, 'river at dawn', 1200]],
      );
      assert.equal(listed.more, false);
    });

    test('alt text: the uploader and the owner change it, another author may not', async () => {
      const [item] = (await t.services.media.list(blog)).items;
      await author.get(screen);
      const saved = await author.post(`${screen}/${item!.id}/alt`, { alt: '  The river at dawn, mist on the water ' });
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, `${screen}?done=alt#media-${item!.id}`);
      assert.equal((await row(item!.id))!.alt, 'The river at dawn, mist on the water');
      assert.match((await author.get(`${screen}?done=alt`)).body, /The alt text is saved\./);

      await secondAuthor.get(screen);
      const refused = await secondAuthor.post(`${screen}/${item!.id}/alt`, { alt: 'Mine now' });
      assert.equal(refused.statusCode, 403);
      assert.equal((await row(item!.id))!.alt, 'The river at dawn, mist on the water');
      assert.doesNotMatch(
        (await secondAuthor.get(screen)).body,
        new RegExp(`id="alt-${item!.id}"`),
        'no form for what they may not change',
      );

      await owner.get(screen);
      const tooLong = await owner.post(`${screen}/${item!.id}/alt`, { alt: 'x'.repeat(501) });
      assert.equal(tooLong.statusCode, 400);
      assert.match(tooLong.body, /role="alert"[^>]*>The alt text is too long/);
      assert.equal((await owner.post(`${screen}/${item!.id}/alt`, { alt: 'Mist' })).statusCode, 303);
      assert.equal((await row(item!.id))!.alt, 'Mist');
    });

    test('a used upload is not deleted (the message names the post); an unused one goes with its files', async () => {
      const [used] = (await t.services.media.list(blog)).items;
      const dir = (id: string) => path.join(t.services.uploadsDir, blog.id, id);
      await owner.get(screen);
      const refused = await owner.post(`${screen}/${used!.id}/delete`, {});
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /role="alert"[^>]*>This picture is still used by the post “Dawn on the river”, so it was not deleted\./);
      assert.ok(await row(used!.id));
      assert.ok(existsSync(dir(used!.id)));

      const spare = await uploadAs(owner, 'spare.jpg', await photo(400, 300));
      await owner.get(screen);
      const deleted = await owner.post(`${screen}/${spare.id}/delete`, {});
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, `${screen}?done=deleted`);
      assert.equal(await row(spare.id), undefined);
      assert.equal(existsSync(dir(spare.id)), false, 'every copy is gone');
      assert.equal((await owner.get(`/uploads/${blog.id}/${spare.id}/400.jpg`)).statusCode, 404);
    });

    test('uploads made before the library (an import’s pictures) are found on disk when it opens', async () => {
      const stored = await t.services.images.store(blog.id, await photo(700, 350));
      const id = stored.src.split('/')[3]!;
      assert.equal(await row(id), undefined, 'not recorded by the image service itself');
      const page = await owner.get(screen);
      assert.match(page.body, new RegExp(`id="media-${id}"`));
      const found = (await row(id))!;
      assert.deepEqual([found.src, Number(found.width), Number(found.height), found.uploaded_by], [stored.src, 700, 350, null]);
      await author.get(screen);
      assert.equal((await author.post(`${screen}/${id}/alt`, { alt: 'x' })).statusCode, 403, 'nobody’s own: admins’ to change');
    });

    test('one blog never lists, changes or deletes another’s uploads', async () => {
      const item = (await t.services.media.list(blog)).items.find((i) => i.alt === 'Mist');
      assert.equal((await stranger.get(screen)).statusCode, 404, 'not a member of www');
      const list = await stranger.get('/admin/blogs/other/media');
      assert.equal(list.statusCode, 200);
      assert.doesNotMatch(list.body, new RegExp(`/uploads/${blog.id}/`));
      assert.match(list.body, /Nothing has been uploaded to this blog yet\./);
      const json = (await stranger.get('/admin/blogs/other/media.json')).json<{ items: unknown[] }>();
      assert.deepEqual(json.items, []);
      for (const action of ['alt', 'delete']) {
        const res = await stranger.post(`/admin/blogs/other/media/${item!.id}/${action}`, { alt: 'stolen' });
        assert.equal(res.statusCode, 404, `${action} through another blog`);
      }
      const kept = (await row(item!.id))!;
      assert.equal(kept.alt, 'Mist');
      assert.ok(existsSync(path.join(t.services.uploadsDir, blog.id, item!.id)));
    });
  });
}
