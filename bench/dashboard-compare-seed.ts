/**
 * Seeds one tree's bench blog for `scripts/dashboard-compare.mjs`, with that tree's own code: the 1,000-post
 * bench blog, a few comments held for review (so the queue has rows), the owner and a session. Prints
 * one line of JSON: the session cookie and a post's ID. Usage: node --import tsx THIS ROOT DATABASE_URL
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, databaseUrl] = process.argv.slice(2) as [string, string];
const load = (file: string) => import(pathToFileURL(path.join(root, file)).href);

const { writeBenchBlog } = await load('bench/bench-blog.ts');
await writeBenchBlog(databaseUrl, 1000);
const { openStorage } = await load('src/storage/database.ts');
const { createServices } = await load('src/services.ts');
const storage = openStorage(databaseUrl);
const services = createServices(storage, { baseDomain: 'localhost' });
const blog = await services.repositories.blogs.findByName('bench');
const newest = await storage.db
  .selectFrom('posts')
  .select('id')
  .where('blog_id', '=', blog.id)
  .where('kind', '=', 'post')
  .orderBy('published_at', 'desc')
  .limit(1)
  .executeTakeFirstOrThrow();
for (let i = 0; i < 12; i++) {
  await services.comments.addComment({
    blogId: blog.id,
    postId: newest.id,
    authorName: `Reader ${i}`,
    body: `A question held for review, number ${i}: does the ferry run in winter?`,
    status: 'pending',
  });
}
const email = 'rosa@bench.localhost';
const user = await services.users.createUser({ email, displayName: 'Rosa Lindqvist' });
await services.users.addMember(blog.id, user.id, 'owner');
const owner = (await services.repositories.users.findByEmail(email)) ?? user;
const session = await services.sessions.start(owner);
await storage.close();
process.stdout.write(`${JSON.stringify({ cookie: `dastan_session=${session.token}`, postId: newest.id })}\n`);
