/**
 * Issue 18, item 4: a label holding a comma ("maven, test") is kept as written by the Blogger and
 * WordPress imports, its old address (`/search/label/maven%2C%20test`) and feed answer, and it survives
 * the editor (quoted in the labels field) and a round trip through every export format.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { STATUS_BLOGGER_2018, STATUS_WXR } from '../helpers/import-fixtures.js';
import { assertMoved, exportOf } from '../helpers/imports.js';
import { bufferSource } from '../../src/importers/source.js';

const LABEL = 'maven, test';
const LABEL_URL = '/search/label/maven%2C%20test';

const BLOGGER = STATUS_BLOGGER_2018.replace("term='Seasons'", `term='${LABEL}'`);
const WXR = STATUS_WXR.replace(
  '<category domain="post_tag" nicename="town-talk"><![CDATA[Town talk]]></category>',
  `<category domain="post_tag" nicename="maven-test"><![CDATA[${LABEL}]]></category>`,
);

async function labelsOf(t: TestApp, blogId: string): Promise<string[]> {
  const rows = await t.storage.db.selectFrom('labels').select('name').where('blog_id', '=', blogId).orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** The label's page and feed answer and list the post. */
async function assertLabelAnswers(t: TestApp, blogName: string, title: string): Promise<void> {
  const page = await t.get(blogName, LABEL_URL);
  assert.equal(page.statusCode, 200, `${LABEL_URL} answers`);
  assert.ok(page.body.includes(title), `${LABEL_URL} lists "${title}"`);
  const feed = await t.get(blogName, '/feeds/posts/default/-/maven%2C%20test');
  assert.equal(feed.statusCode, 200);
  assert.ok(feed.body.includes(title), 'the label feed lists the post');
}

for (const database of testDatabases) {
  describe(`4. labels with commas on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(database);
    });
    after(() => t.close());

    test('a Blogger label with a comma is kept as written, and its old address answers', async () => {
      const blog = await makeBlog(t.services, { name: 'bloggercomma' });
      const report = await t.services.importer.import(bufferSource('blog.xml', BLOGGER), { blogId: blog.id });
      assert.deepEqual(await labelsOf(t, blog.id), [LABEL]);
      assert.ok(!report.warnings.some((w) => /label was changed/.test(w.reason)), JSON.stringify(report.warnings));
      await assertLabelAnswers(t, blog.name, 'Spring notes');
    });

    test('a WordPress tag with a comma is kept, its tag page leads to the label, and every export brings it back', async () => {
      const blog = await makeBlog(t.services, { name: 'wxrcomma' });
      await t.services.importer.import(bufferSource('blog.xml', WXR), { blogId: blog.id });
      assert.ok((await labelsOf(t, blog.id)).includes(LABEL));
      await assertLabelAnswers(t, blog.name, 'Talk of the town');
      await assertMoved(t, blog.name, '/tag/maven-test/', LABEL_URL);

      for (const format of ['blogger', 'wxr', 'json'] as const) {
        const copy = await makeBlog(t.services, { name: `comma${format}` });
        await t.services.importer.import(bufferSource(`copy.${format}`, await exportOf(t.services, blog.id, format)), { blogId: copy.id });
        assert.ok((await labelsOf(t, copy.id)).includes(LABEL), `${format}: ${(await labelsOf(t, copy.id)).join(' | ')}`);
        await assertLabelAnswers(t, copy.name, 'Talk of the town');
      }
    });

    test('the editor shows such a label in quotes, and saving the post keeps it whole', async () => {
      const blog = await makeBlog(t.services, { name: 'editorcomma' });
      const owner = await t.services.users.createUser({ email: 'comma@example.com', displayName: 'Comma Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      const client = await new Client(t.app).signInAs(t.services, owner);
      const post = await t.services.posts.createPost({
        blogId: blog.id,
        title: 'Build notes',
        body: '<p>mvn</p>',
        labels: [LABEL, 'java'],
      });

      const form = await client.get(`/admin/blogs/${blog.name}/posts/${post.id}`);
      const value = /id="labels" name="labels" value="([^"]*)"/.exec(form.body)?.[1];
      assert.equal(value, 'java, &quot;maven, test&quot;');

      const saved = await client.post(`/admin/blogs/${blog.name}/posts/${post.id}`, {
        title: 'Build notes',
        body: '<p>mvn</p>',
        labels: '"maven, test", java, "say ""hi"""',
        action: 'update',
      });
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
      assert.deepEqual(await labelsOf(t, blog.id), ['java', LABEL, 'say "hi"'].sort());
      await assertLabelAnswers(t, blog.name, 'Build notes');
    });
  });
}
