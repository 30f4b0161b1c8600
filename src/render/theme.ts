/**
 * The theme engine: LiquidJS over a folder of templates. Every output is HTML-escaped unless it is
 * SafeHtml (made only by the sanitizer); the `raw` filter does not bypass that. Templates see only the
 * plain view models handed to them (own properties only), cannot read files outside the theme, and
 * are stopped when they take too long.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Liquid, type LiquidOptions, type Template } from 'liquidjs';
import { SafeHtml } from '../domain/text/sanitize.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { escapeHtml } from './escape.js';

export { escapeHtml };
import { LiquidCompiler, type CompiledTemplate } from './liquid-compiler.js';
import { registerTranslationFilter, textGlobals } from './i18n/liquid-filter.js';
import type { Texts } from './i18n/translate.js';

/** The folder holding the bundled themes. */
export const THEMES_DIR = path.join(PACKAGE_ROOT, 'themes');

/** Escapes every value for HTML except SafeHtml; shared by the themes and the dashboard's templates. */
export function escapeOutput(value: unknown): string {
  if (value instanceof SafeHtml) return value.html;
  switch (typeof value) {
    case 'string':
      return escapeHtml(value);
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'undefined':
      return '';
    default:
      // null, arrays and objects: never their insides as markup.
      return value === null ? '' : escapeHtml(JSON.stringify(value) ?? '');
  }
}

export interface Theme {
  /** Renders `template` (a file name without `.liquid`) with a view model; `t` prints in `texts`' language (English without). */
  render(template: string, model: object, texts?: Texts): Promise<string>;
  /**
   * Renders Liquid `source` that is no file of the theme, with the theme's own layouts and partials: a
   * page the theme has no template for (`{% layout 'layout' %}` puts it in the theme's frame).
   */
  renderSource(source: string, model: object, texts?: Texts): Promise<string>;
  /** Whether the theme has the template `name` (a file name without `.liquid`). */
  has(template: string): boolean;
  /** The theme's stylesheet. */
  readonly css: string;
}

/** `source` parsed once per engine: fallback pages render often, their source never changes. */
export function sourceRenderer(engine: Liquid): (source: string, model: object, texts?: Texts) => string {
  const parsed = new Map<string, Template[]>();
  return (source, model, texts) => {
    let templates = parsed.get(source);
    if (!templates) {
      templates = engine.parse(source);
      parsed.set(source, templates);
    }
    return engine.renderSync(templates, model, texts ? { globals: textGlobals(texts) } : undefined) as string;
  };
}

/**
 * A LiquidJS engine over one folder of templates, with the safety every template here gets: output
 * escaped unless SafeHtml, own properties only, no relative includes, and limits on parse size, render
 * time and memory. `raw` is an ordinary filter, so only SafeHtml is ever unescaped. `overrides` may
 * replace where templates come from (a blog's in-memory set) and tighten the limits.
 */
export function safeLiquid(root: string, overrides: Partial<LiquidOptions> = {}): Liquid {
  const engine = new Liquid({
    root: [root],
    partials: [root],
    layouts: [root],
    extname: '.liquid',
    cache: true,
    strictFilters: true,
    ownPropertyOnly: true,
    outputEscape: escapeOutput,
    relativeReference: false,
    renderLimit: 2000,
    parseLimit: 1_000_000,
    memoryLimit: 64 * 1024 * 1024,
    ...overrides,
  });
  engine.registerFilter('raw', (value: unknown) => value);
  registerTranslationFilter(engine);
  return engine;
}

/**
 * A bundled theme. Its templates are compiled to JavaScript on first use (see liquid-compiler.ts); one
 * the compiler cannot take renders through LiquidJS. `compile: false` keeps every template in LiquidJS.
 */
export function loadTheme(name = 'default', dir = THEMES_DIR, options: { compile?: boolean } = {}): Theme {
  const root = path.join(dir, name);
  const engine = safeLiquid(root);
  const css = readFileSync(path.join(root, 'theme.css'), 'utf8');
  const renderSource = sourceRenderer(engine);
  const known = new Map<string, boolean>();
  const compiler = (options.compile ?? true) ? new LiquidCompiler(engine) : null;
  const compiled = new Map<string, CompiledTemplate | null>();
  return {
    css,
    has: (template) => {
      let found = known.get(template);
      if (found === undefined) {
        found = /^[a-z0-9][a-z0-9-]*$/.test(template) && existsSync(path.join(root, `${template}.liquid`));
        known.set(template, found);
      }
      return found;
    },
    renderSource: async (source, model, texts) => renderSource(source, model, texts),
    // The synchronous renderer: the same parser, limits and escaping, without a promise per template
    // node. Templates see only the view model, so nothing in them waits on I/O. It is also what keeps
    // the render limit honest: that limit is a wall-clock deadline, and interleaved asynchronous renders
    // would each be charged the others' time under load ("render limit exceeded" on big pages).
    render: async (template, model, texts) => {
      let run = compiled.get(template);
      if (run === undefined && compiler) compiled.set(template, (run = compiler.compile(template)));
      const globals = texts ? textGlobals(texts) : undefined;
      return run ? run(model, globals) : (engine.renderFileSync(template, model, globals ? { globals } : undefined) as string);
    },
  };
}
