/**
 * The dashboard rows' reader: the bench blog's owner, with a session written straight into the database
 * (the way test/helpers/browser-client.ts signs in), so the load generator can send its cookie.
 */
import { openStorage } from '../src/storage/database.js';
import { createServices } from '../src/services.js';

/** The dashboard pages the benchmark loads, signed in as the owner of the blog `bench`. */
export const DASHBOARD_PAGES = [
  { page: 'dashboard posts list', path: '/admin/blogs/bench/posts' },
  { page: 'dashboard overview', path: '/admin/blogs/bench' },
] as const;

/** Creates the owner of `blogId` and a session for them; returns the `cookie` header that carries it. */
export async function signInBenchOwner(databaseUrl: string, blogId: string): Promise<string> {
  const storage = openStorage(databaseUrl);
  try {
    const services = createServices(storage, { baseDomain: 'localhost' });
    const email = 'rosa@bench.localhost';
    const user = await services.users.createUser({ email, displayName: 'Rosa Lindqvist' });
    await services.users.addMember(blogId, user.id, 'owner');
    // Membership bumps the user's rights version; a session started before it would be rotated on its first request.
    const owner = (await services.repositories.users.findByEmail(email)) ?? user;
    const session = await services.sessions.start(owner);
    return `dastan_session=${session.token}`;
  } finally {
    await storage.close();
  }
}
