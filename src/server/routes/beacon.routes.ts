/**
 * The optional view beacon, for blogs whose pages a CDN serves from its cache (the server never sees
 * those requests). With the blog's `view_beacon` setting on, post and page views carry a small script
 * from the blog's own origin that sends one `navigator.sendBeacon` to `POST /_dastan/view` — after a
 * prerendered page is actually shown, never for a prefetch — and the server does not count the page
 * request itself, so no view counts twice. The endpoint applies the same rules as page counting.
 */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';
import { isId } from '../../storage/ids.js';
import { countView } from '../count-view.js';

export const BEACON_SCRIPT_PATH = '/_dastan/beacon.js';
export const BEACON_PATH = '/_dastan/view';

const SCRIPT = `(function () {
  var script = document.currentScript;
  var post = script && script.getAttribute('data-post');
  if (!post || !navigator.sendBeacon) return;
  function send() {
    navigator.sendBeacon(${JSON.stringify(BEACON_PATH)}, JSON.stringify({ p: post, r: document.referrer }));
  }
  if (document.prerendering) document.addEventListener('prerenderingchange', send, { once: true });
  else send();
})();
`;

/** Puts the beacon script before `</body>` of a post or page. */
export function withBeacon(html: string, postId: string): string {
  const tag = `<script src="${BEACON_SCRIPT_PATH}" data-post="${postId}" defer></script>`;
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html + tag : `${html.slice(0, at)}${tag}\n${html.slice(at)}`;
}

/** What a beacon sends: the post's ID and the page's own referrer. */
function readBeacon(body: unknown): { postId: string; referrer: string | undefined } | undefined {
  if (typeof body !== 'string' || body.length > 4096) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { p, r } = parsed as { p?: unknown; r?: unknown };
  if (typeof p !== 'string' || !isId(p)) return undefined;
  return { postId: p, referrer: typeof r === 'string' && r !== '' ? r : undefined };
}

export function registerBeaconRoutes(app: FastifyInstance, { services }: { services: Pick<Services, 'reader' | 'viewCounter'> }): void {
  // Live posts recently confirmed, so a beacon costs a database query only once a minute per post.
  const known = new Map<string, number>();
  const isLivePost = async (blogId: string, postId: string): Promise<boolean> => {
    const key = `${blogId}|${postId}`;
    const now = Date.now();
    if ((known.get(key) ?? 0) > now) return true;
    const live = await services.reader.isLive(blogId, postId);
    if (live) {
      if (known.size >= 5000) known.delete(known.keys().next().value!);
      known.set(key, now + 60_000);
    }
    return live;
  };

  app.get(BEACON_SCRIPT_PATH, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=86400').send(SCRIPT),
  );

  app.post(BEACON_PATH, async (request, reply) => {
    const blog = request.blog;
    const beacon = readBeacon(request.body);
    // Always 204: a beacon's sender reads no answer, and a refusal tells a forger nothing.
    if (blog?.view_beacon && beacon && (await isLivePost(blog.id, beacon.postId))) {
      await countView(request, services.viewCounter, blog, beacon.postId, beacon.referrer);
    }
    return reply.code(204).header('cache-control', 'no-store').send();
  });
}
