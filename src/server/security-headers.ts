/**
 * Security headers (the content security policy and helmet's other defaults), worked out once at start
 * by @fastify/helmet itself and then set on every response.
 *
 * Why not register the plugin on the app: @fastify/helmet 13 builds helmet's middleware afresh on every
 * request (re-parsing and re-validating the whole policy) and runs a dozen middlewares to set headers
 * that never change here (no nonces, no per-route options). That took about 30 µs a request, a fifth of
 * the time of a page served from the page cache (`npm run bench`). The headers are the plugin's own,
 * set the same way (on the raw response, before routing), so error and 404 pages carry them too.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import { SCHEMA_COMPILERS } from './schema-compilers.js';

/** The headers @fastify/helmet sets with `options`, read from one request to a throwaway app. */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify({ schemaController: SCHEMA_COMPILERS });
  try {
    await probe.register(helmet, options);
    let headers: [string, string][] = [];
    // Hooks run in the order they were added: this one runs after helmet's.
    probe.addHook('onRequest', async (_request, reply) => {
      headers = Object.entries(reply.raw.getHeaders()).map(([name, value]) => [
        name,
        Array.isArray(value) ? value.join(', ') : String(value),
      ]);
    });
    probe.get('/', async () => '');
    await probe.inject({ url: '/' });
    if (headers.length === 0) throw new Error('@fastify/helmet set no headers');
    return headers;
  } finally {
    await probe.close();
  }
}

/** Sets the security headers (`helmetHeaders`' answer) on every response of `app`. */
export function registerSecurityHeaders(app: FastifyInstance, headers: readonly [string, string][]): void {
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
