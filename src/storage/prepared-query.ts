/**
 * Kysely queries built and compiled once, then run many times with new values. Building a query with
 * Kysely's builder and compiling it to SQL cost several times more than running it: the small indexed
 * reads behind a public page take SQLite a few microseconds each. The hot reads use this instead.
 *
 * The SQL is Kysely's own, compiled for whichever database is open, so nothing here differs between
 * SQLite and PostgreSQL. The query is built with placeholders in place of the values; each shape of
 * arguments (which are undefined, how long each list is) gets its own compiled query.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands for one value of the arguments while the query is built. */
class Slot {
  constructor(readonly path: readonly (string | number)[]) {}

  /** Arithmetic or text made from a placeholder would be compiled into the query as a constant. */
  [Symbol.toPrimitive](): never {
    throw new Error(`prepared query: the placeholder for "${this.path.join('.')}" was used in JavaScript, not as a query value`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** The arguments with every leaf value replaced by a Slot naming where it came from. */
function placeholders(value: unknown, path: (string | number)[]): unknown {
  if (value === undefined || value === null) return value;
  if (Array.isArray(value)) return value.map((item, i) => placeholders(item, [...path, i]));
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v, [...path, k])]));
  return new Slot(path);
}

/** What decides the SQL: which values are absent and how long the lists are, never the values. */
function shapeOf(value: unknown): string {
  if (value === undefined) return 'u';
  if (value === null) return 'n';
  if (Array.isArray(value)) return `[${value.map(shapeOf).join(',')}]`;
  if (isPlainObject(value)) {
    let shape = '{';
    for (const key in value) shape += `${key}:${shapeOf(value[key])},`;
    return `${shape}}`;
  }
  return '$';
}

function valueAt(args: unknown, path: readonly (string | number)[]): unknown {
  let value = args;
  for (const step of path) value = (value as Record<string | number, unknown>)[step];
  return value;
}

const MAX_SHAPES = 64;

interface Compiled {
  query: CompiledQuery;
  /** For each parameter: the path of its argument, or undefined for a constant of the query itself. */
  slots: (readonly (string | number)[] | undefined)[];
}

/**
 * A query run with `args`, built by `build` once per shape of the arguments. `build` must use the values
 * it is given only as query values (not in JavaScript arithmetic or conditions on what they are):
 * while it runs they are placeholders. Conditions on whether a value is there are fine.
 */
export function preparedQuery<A extends object, R>(
  db: Pick<Kysely<Database>, 'executeQuery'>,
  build: (args: A) => Compilable<R>,
): (args: A, on?: Pick<Kysely<Database>, 'executeQuery'>) => Promise<R[]> {
  const byShape = new Map<string, Compiled>();
  const compile = (args: A): Compiled => {
    const query = build(placeholders(args, []) as A).compile();
    return { query, slots: query.parameters.map((p) => (p instanceof Slot ? p.path : undefined)) };
  };
  // `on`: run on this connection instead (a transaction of the same database: the SQL is the same).
  return async (args, on = db) => {
    const shape = shapeOf(args);
    let compiled = byShape.get(shape);
    if (!compiled) {
      compiled = compile(args);
      // Lists of any length make new shapes: keep the most recent ones only.
      if (byShape.size >= MAX_SHAPES) byShape.delete(byShape.keys().next().value!);
      byShape.set(shape, compiled);
    }
    const { query, slots } = compiled;
    const parameters = query.parameters.map((constant, i) => {
      const path = slots[i];
      return path === undefined ? constant : valueAt(args, path);
    });
    return (await on.executeQuery<R>({ ...query, parameters })).rows;
  };
}
