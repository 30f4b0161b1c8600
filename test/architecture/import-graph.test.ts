/**
 * The plan of the house, checked: every import in src/ runs down the layers (never up, never sideways
 * between sibling folders), no module imports itself back through others, and the server never reaches
 * past the domain to a repository. Type-only and dynamic imports count: they are dependencies too.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/**
 * The stack, lowest first. A module may import from its own top-level folder (or file) and from any
 * entry lower in this list; entries on one line are siblings and may not import each other.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['package-root.ts'],
  ['storage'],
  ['domain'],
  ['importers', 'client'],
  ['exporters'],
  ['render'],
  ['feeds'],
  // The configuration is read and checked with the domain's rules (addresses, sizes), so it sits above them.
  ['config.ts'],
  ['services.ts'],
  // A static copy is rendered by the same parts the server uses, beside it, never through it.
  ['server', 'build'],
  ['main.ts'],
  ['demo'],
  ['cli'],
];

interface Module {
  /** Path relative to src/, with forward slashes. */
  file: string;
  imports: string[];
  source: ts.SourceFile;
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts') && !name.includes('.test.')) out.push(full);
  }
  return out;
}

/** Resolves a relative specifier (`./x.js`, `../y/index.js`) to a file under src/, or undefined for packages. */
function resolve(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base, `${base}.ts`, `${base}/index.ts`]) {
    if (known.has(candidate)) return candidate;
  }
  return `${base} (missing)`;
}

function readModules(): Map<string, Module> {
  const files = sourceFiles(SRC).map((f) => path.relative(SRC, f).split(path.sep).join('/'));
  const known = new Set(files);
  const modules = new Map<string, Module>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const imports = info.importedFiles.flatMap((ref) => resolve(file, ref.fileName, known) ?? []);
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    modules.set(file, { file, imports, source });
  }
  return modules;
}

const modules = readModules();

function topOf(file: string): string {
  return file.split('/')[0]!;
}

function rankOf(top: string): number {
  return LAYERS.findIndex((layer) => layer.includes(top));
}

test('every top-level folder and file of src/ has a place in the stack', () => {
  const unplaced = [...new Set([...modules.keys()].map(topOf))].filter((top) => rankOf(top) < 0);
  assert.deepEqual(unplaced, [], 'add each to LAYERS in test/architecture/import-graph.test.ts, at its level');
});

test('no import runs up the layers or sideways between siblings', () => {
  const wrong: string[] = [];
  for (const { file, imports } of modules.values()) {
    const from = topOf(file);
    for (const target of imports) {
      const to = topOf(target);
      if (to === from) continue;
      if (!(rankOf(to) < rankOf(from))) wrong.push(`${file} → ${target}`);
    }
  }
  assert.deepEqual(wrong, [], 'a lower layer imports a higher one (or a sibling); move the shared code down');
});

test('every relative import names a file that exists', () => {
  const missing = [...modules.values()].flatMap(({ file, imports }) =>
    imports.filter((t) => t.endsWith('(missing)')).map((t) => `${file} → ${t}`),
  );
  assert.deepEqual(missing, []);
});

test('the import graph has no cycle', () => {
  // Tarjan's strongly connected components: any component of more than one module (or a module importing itself) is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of modules.get(v)?.imports ?? []) {
      if (!modules.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || modules.get(v)!.imports.includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of modules.keys()) if (!index.has(v)) visit(v);
  assert.deepEqual(cycles, [], 'modules that import each other: move what they share into a file of its own');
});

/** Whether a file names repositories: imports one, or reads a `repositories` property or variable. */
function reachesRepositories(module: Module): boolean {
  if (module.imports.some((t) => t.startsWith('storage/repositories/'))) return true;
  let found = false;
  const walk = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === 'repositories') found = true;
    else ts.forEachChild(node, walk);
  };
  walk(module.source);
  return found;
}

test('src/server reaches repositories only through the domain', () => {
  const users = [...modules.values()].filter((m) => m.file.startsWith('server/') && reachesRepositories(m)).map((m) => m.file);
  assert.deepEqual(users, [], 'routes call domain services; give the service a method instead of reading a repository');
});

/** The two places that hold every service and hand each route module its own few: the app and the dashboard's mount. */
const COMPOSERS = new Set(['server/app.ts', 'server/routes/dashboard/register-dashboard.ts']);

/**
 * Where a file names the whole `Services` type rather than a `Pick` of it (a type parameter's bound,
 * `K extends keyof Services`, is how `AdminDeps<K>` picks, so it is allowed too).
 */
function wholeServices(module: Module): string[] {
  const found: string[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node) && node.typeName.getText(module.source) === 'Services') {
      const parent = node.parent;
      const picked =
        ts.isTypeReferenceNode(parent) && parent.typeName.getText(module.source) === 'Pick' && parent.typeArguments?.[0] === node;
      const bound = ts.isTypeOperatorNode(parent) && ts.isTypeParameterDeclaration(parent.parent) && parent.parent.constraint === parent;
      if (!picked && !bound)
        found.push(`${module.file}:${module.source.getLineAndCharacterOfPosition(node.getStart(module.source)).line + 1}`);
    }
    ts.forEachChild(node, walk);
  };
  walk(module.source);
  return found;
}

test('each route module receives only the services it names, never the whole Services', () => {
  const whole = [...modules.values()].filter((m) => m.file.startsWith('server/') && !COMPOSERS.has(m.file)).flatMap(wholeServices);
  assert.deepEqual(whole, [], "type the parameter as Pick<Services, 'posts' | 'blogs'> (or AdminDeps<'posts' | 'blogs'>)");
  // The check itself: a whole Services is caught, a Pick and a type parameter's bound are not.
  const sample = (text: string): Module => ({
    file: 'server/x.ts',
    imports: [],
    source: ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true),
  });
  assert.equal(wholeServices(sample('function f(deps: { services: Services }) {}')).length, 1);
  assert.equal(
    wholeServices(
      sample("function f(s: Pick<Services, 'blogs'>) {}\ninterface D<K extends keyof Services = never> { s: Pick<Services, K> }"),
    ).length,
    0,
  );
});

/** Source files may be longer than MAX_LINES only with a reason here (none today). */
const MAX_LINES = 400;
const LONG_FILES_ALLOWED = new Map<string, string>([]);

test('no source file is over 400 lines, and each says first why it exists', () => {
  const linesOf = (m: Module) => m.source.text.replace(/\n$/, '').split('\n').length;
  const long = [...modules.values()]
    .filter((m) => linesOf(m) > MAX_LINES && !LONG_FILES_ALLOWED.has(m.file))
    .map((m) => `${m.file}: ${linesOf(m)} lines`);
  assert.deepEqual(long, [], 'split the file along a real seam (or give it a reason in LONG_FILES_ALLOWED)');
  const silent = [...modules.values()].filter((m) => !/^(#![^\n]*\n)?\s*(\/\*\*|\/\/)/.test(m.source.text)).map((m) => m.file);
  assert.deepEqual(silent, [], 'start the file with a comment saying why it exists');
});

test('the checks above see real imports', () => {
  // A guard against a parser change making every test above pass vacuously.
  assert.ok(modules.size > 100);
  assert.ok(modules.get('server/app.ts')!.imports.length > 5);
  assert.ok(modules.get('domain/reader/blog-reader.ts')!.imports.includes('storage/repositories/search.repository.ts'));
  const sample = (text: string): Module => ({
    file: 'server/x.ts',
    imports: [],
    source: ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest),
  });
  assert.ok(reachesRepositories(sample('const { repositories } = services;')));
  assert.ok(reachesRepositories(sample('await deps.services.repositories.posts.findById(a, b);')));
  assert.ok(!reachesRepositories(sample('await deps.services.postLibrary.find(a, b);')));
});
