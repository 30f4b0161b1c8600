/**
 * Route trees built on their first request. The dashboard (`/admin`, some 180 routes) and the Blogger
 * API (`/v3`) are most of the server's code, and a server that only serves readers never runs them:
 * loaded and registered at start they held some megabytes of an idle server's memory (issue 20). Each
 * is an app of its own, a Fastify instance with the same options and the same hooks before its routes
 * (app-base.ts), built by a dynamic import when a request first reaches one of its routes. The readers'
 * app stands routes for the tree's (`standingRoutes`), so that its router decides, as before, which
 * requests are the tree's (`/%61dmin/x` and `//admin/x` included); its first hook hands such a request,
 * body unread, to the tree's router before any other hook of its own runs.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { RouteList } from './on-first-use-routes.js';

/** One tree: its routes and how to build its app (routes registered, not yet ready). */
export class RoutesOnFirstUse {
  #app: Promise<FastifyInstance> | undefined;

  constructor(
    /** Every route of the tree is under it (`/admin`). */
    readonly prefix: string,
    readonly routes: RouteList,
    private readonly build: () => Promise<FastifyInstance>,
    /** The tree's app has a not-found handler of its own under the prefix (the API's). */
    readonly ownNotFound = false,
  ) {}

  /** The tree's app, ready; built once (a build that failed is tried again by the next request). */
  app(): Promise<FastifyInstance> {
    if (!this.#app) {
      const built = this.build().then(async (app) => {
        await app.ready();
        return app;
      });
      built.catch(() => (this.#app = undefined));
      this.#app = built;
    }
    return this.#app;
  }

  /** Closes the tree's app if it was built. */
  async close(): Promise<void> {
    const built = this.#app;
    this.#app = undefined;
    await (await built?.catch(() => undefined))?.close();
  }
}

/**
 * The methods for which the readers' app has routes whose first segment is a parameter (`GET /:year/:month`,
 * and HEAD beside each): a request of these under a tree's prefix may be the readers' when no route of
 * the tree takes it (`GET /v3/x` is the readers' 404 by `/:year/:month`). Checked against the readers'
 * routes by test/http/routes-on-first-use.test.ts.
 */
export const READERS_PARAMETER_METHODS: readonly HTTPMethods[] = ['GET', 'HEAD'];

/**
 * The routes the readers' app stands for a tree: `prefix` and `prefix/*` for every method but GET and
 * HEAD (no readers' route of theirs can take such a request, so every one is the tree's, as it was: its
 * router picks the route, or its 404 answers as the readers' app's did), and each GET route of the tree
 * with HEAD beside it, but those under the tree's own `GET prefix/*` (that wildcard takes them to the
 * tree). Each route stood costs the readers' app memory (a Fastify context).
 */
export function standingRoutes(tree: Pick<RoutesOnFirstUse, 'prefix' | 'routes'>, methods: readonly string[]): [string, HTTPMethods[]][] {
  const others = methods.filter((m) => !READERS_PARAMETER_METHODS.includes(m)) as HTTPMethods[];
  const standing: [string, HTTPMethods[]][] = [
    [tree.prefix, others],
    [`${tree.prefix}/*`, others],
  ];
  const wildcard = tree.routes.some(([url, m]) => url === `${tree.prefix}/*` && m.split(' ').includes('GET'));
  for (const [url, m] of tree.routes) {
    if (!m.split(' ').includes('GET') || (wildcard && url.startsWith(`${tree.prefix}/`) && url !== `${tree.prefix}/*`)) continue;
    const at = standing.find(([stood]) => stood === url);
    if (at) at[1] = [...at[1], 'GET', 'HEAD'];
    else standing.push([url, ['GET', 'HEAD']]);
  }
  return standing;
}

/** Hands every request of the trees' prefixes on `app` to the tree's app. Call before any other hook is added. */
export function mountOnFirstUse(app: FastifyInstance, trees: readonly RoutesOnFirstUse[]): void {
  app.addHook('onRequest', async (request, reply) => {
    const tree = request.routeOptions.config.standsFor;
    if (!(tree instanceof RoutesOnFirstUse)) return;
    const built = await tree.app();
    // Hijacked, the reply is the tree's: no later hook of this app runs (Fastify stops at a sent reply).
    reply.hijack();
    built.routing(request.raw, reply.raw);
  });
  for (const tree of trees)
    for (const [url, method] of standingRoutes(tree, app.supportedMethods)) {
      app.route({
        method,
        url,
        exposeHeadRoute: false,
        config: { standsFor: tree },
        // Never runs: the hook above answers first.
        handler: async (_request, reply) => reply.callNotFound(),
      });
    }
  for (const tree of trees) {
    if (!tree.ownNotFound) continue;
    // A miss under the prefix (a GET no route takes) is the tree's, as when its not-found handler was this app's.
    void app.register(
      async (scope) =>
        scope.setNotFoundHandler({ config: { standsFor: tree } } as object, async (_request, reply) => reply.code(404).send()),
      { prefix: tree.prefix },
    );
  }
  app.addHook('onClose', async () => {
    for (const tree of trees) await tree.close();
  });
}
