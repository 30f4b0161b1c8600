/**
 * Fastify's JSON Schema compilers, loaded only when a route has a schema. Fastify builds its default
 * ones (Ajv and fast-json-stringify, some 400 KB of code with their parts) for every app it makes,
 * though routes here check their input with zod and none has a schema; these stand in for them and
 * load the defaults on first use, from Fastify's own dependencies (the bundle leaves them out,
 * scripts/build-server.mjs). Issue 20: an idle server's memory.
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Builder = (...args: unknown[]) => unknown;

/** Requires one of Fastify's dependencies as Fastify itself would find it. */
function fastifyDependency(name: string): () => Builder {
  const require = createRequire(import.meta.url);
  return createRequire(require.resolve('fastify'))(name) as () => Builder;
}

/** The `schemaController` option: Fastify's default compilers, each built when first asked for. */
export const SCHEMA_COMPILERS = {
  compilersFactory: {
    buildValidator: (...args: unknown[]) => fastifyDependency('@fastify/ajv-compiler')()(...args),
    buildSerializer: (...args: unknown[]) => fastifyDependency('@fastify/fast-json-stringify-compiler')()(...args),
  },
} as unknown as NonNullable<FastifyServerOptions['schemaController']>;
