/**
 * Route trees built on their first request. The dashboard (`/admin`, some 180 routes) and the Blogger
 * API (`/v3`) are most of the server's code, and a server that only serves readers never runs them:
 * loaded and registered at start they held some megabytes of an idle server's memory (issue 20). Each
 * is an app of its own, a Fastify instance with the same options and the same hooks before its routes
 * (app-base.ts), built by a dynamic import when a request first reaches one of its routes. The readers'
 * app stands a route for each of the tree's (on-first-use-routes.ts), so its router decides, as before,
 * which requests are the tree's (`/%61dmin/x` and `//admin/x` included, `POST /admin/x` not); its first
 * hook hands such a request, body unread, to the tree's router before any other hook of its own runs.
 */
import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { RouteList } from './on-first-use-routes.js';

/** One tree: its routes and how to build its app (routes registered, not yet ready). */
export class RoutesOnFirstUse {
  #app: Promise<FastifyInstance> | undefined;

  constructor(
    readonly routes: RouteList,
    private readonly build: () => Promise<FastifyInstance>,
    /** The prefix under which the tree's app has a not-found handler of its own (the API's, `/v3`). */
    readonly notFoundUnder?: string,
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
 * The routes to stand for `routes`: each with its methods, HEAD beside GET, except that a GET under a
 * `GET /prefix/*` route of the tree needs none of its own (that wildcard already takes it to the tree,
 * whose router picks the route). Each route stood costs the readers' app memory (a Fastify context).
 */
function standingRoutes(routes: RouteList): [string, HTTPMethods[]][] {
  const wildcards = routes
    .filter(([url, methods]) => url.endsWith('/*') && methods.split(' ').includes('GET'))
    .map(([url]) => url.slice(0, -1));
  const standing: [string, HTTPMethods[]][] = [];
  for (const [url, methods] of routes) {
    const caught = !url.endsWith('/*') && wildcards.some((prefix) => url.startsWith(prefix));
    const method = methods.split(' ').filter((m) => !(caught && m === 'GET')) as HTTPMethods[];
    if (method.length > 0) standing.push([url, method.includes('GET') ? [...method, 'HEAD'] : method]);
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
    for (const [url, method] of standingRoutes(tree.routes)) {
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
    const prefix = tree.notFoundUnder;
    if (prefix === undefined) continue;
    // A miss under the prefix is the tree's, as when its not-found handler was this app's.
    void app.register(
      async (scope) =>
        scope.setNotFoundHandler({ config: { standsFor: tree } } as object, async (_request, reply) => reply.code(404).send()),
      { prefix },
    );
  }
  app.addHook('onClose', async () => {
    for (const tree of trees) await tree.close();
  });
}
