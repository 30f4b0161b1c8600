/**
 * Route handlers stay short: a handler is a chain (find the blog, check the form, authorize, one domain
 * call, present), so one that grows past MAX_HANDLER_LINES holds a presenter, a form mapping or a domain
 * decision that belongs in render/, a helper or a domain service. Read with the TypeScript compiler API.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/server');
const MAX_HANDLER_LINES = 40;
/** Fastify's route methods: a function passed last to one of these (after a path) is a route handler. */
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'route']);

interface Handler {
  where: string;
  lines: number;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith('.ts') && !name.includes('.test.')) out.push(full);
  }
  return out;
}

const isFunction = (node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression =>
  node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));

/** The handlers in one file: the last argument of `x.get(path, …, fn)` and the `handler` of `x.route({ … })`. */
export function routeHandlers(file: string, text: string): Handler[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Handler[] = [];
  const add = (fn: ts.Node) => {
    const first = source.getLineAndCharacterOfPosition(fn.getStart(source)).line;
    const last = source.getLineAndCharacterOfPosition(fn.getEnd()).line;
    found.push({ where: `${file}:${first + 1}`, lines: last - first + 1 });
  };
  const walk = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ROUTE_METHODS.has(node.expression.name.text)) {
      const args = node.arguments;
      const last = args[args.length - 1];
      if (args.length >= 2 && isFunction(last)) add(last);
      const options = args[0];
      if (node.expression.name.text === 'route' && options && ts.isObjectLiteralExpression(options)) {
        for (const p of options.properties) {
          if (ts.isPropertyAssignment(p) && p.name.getText(source) === 'handler' && isFunction(p.initializer)) add(p.initializer);
          if (ts.isMethodDeclaration(p) && p.name.getText(source) === 'handler') add(p);
        }
      }
    }
    ts.forEachChild(node, walk);
  };
  walk(source);
  return found;
}

const handlers = sourceFiles(SERVER).flatMap((full) =>
  routeHandlers(path.relative(path.dirname(SERVER), full).split(path.sep).join('/'), readFileSync(full, 'utf8')),
);

test(`no route handler in src/server is over ${MAX_HANDLER_LINES} lines`, () => {
  const long = handlers.filter((h) => h.lines > MAX_HANDLER_LINES).map((h) => `${h.where}: ${h.lines} lines`);
  assert.deepEqual(long, [], 'move the presenter to src/render, the form mapping to a helper, the decision to a domain service');
});

test('the handler check sees every kind of route', () => {
  // A guard against the walk passing vacuously: the server has well over a hundred handlers.
  assert.ok(handlers.length > 100, `found ${handlers.length}`);
  const body = (n: number) => Array.from({ length: n }, (_, i) => `  const a${i} = ${i};`).join('\n');
  const sample = [
    `app.get<{ Params: P }>('/a', { preHandler: signedIn }, async (request, reply) => {\n${body(3)}\n});`,
    `api.post(\`/b/\${x}\`, function (request) {\n${body(1)}\n});`,
    `app.route({ method: 'GET', url: '/c', handler: async () => {\n${body(50)}\n} });`,
    `cache.get('key');`,
    `map.get(key, () => 1);`,
  ].join('\n');
  // The last sample is taken for a route too (same shape): harmless, since what it finds is short.
  assert.deepEqual(
    routeHandlers('x.ts', sample).map((h) => h.lines),
    [5, 3, 52, 1],
  );
});
