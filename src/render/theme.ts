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
import { PageParts, type PagePart } from './page-parts.js';
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
  /** The same page as its parts (page-parts.ts), where the template is compiled; a theme without it renders a string. */
  renderParts?(template: string, model: object, texts?: Texts): Promise<PageParts | string>;
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
 * escaped unless SafeHtml, own properties only, no relative includes, and limits on parse size and memory.
 * `raw` is an ordinary filter, so only SafeHtml is ever unescaped. `overrides` may replace where templates
 * come from (a blog's in-memory set) and tighten the limits. The templates shipped with Dastan (themes and
 * dashboard) get no render-time limit: LiquidJS counts wall-clock time, and an asynchronous render is
 * charged for every other request it interleaves with, so on a loaded server a long list (the time-zone
 * menu) failed as a 500 instead of arriving a little late. An owner's own templates keep a time limit.
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
    parseLimit: 1_000_000,
    memoryLimit: 64 * 1024 * 1024,
    // Named, not asked of Intl: without it LiquidJS reads the host's locale through Intl.DateTimeFormat at
    // start, which maps some MB of ICU's data into a server that may not format a date for a while.
    locale: 'en-US',
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
  const compiledOf = (template: string) => {
    let run = compiled.get(template);
    if (run === undefined && compiler) compiled.set(template, (run = compiler.compile(template)));
    return run;
  };
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
      const run = compiledOf(template);
      const globals = texts ? textGlobals(texts) : undefined;
      return run ? run(model, globals) : (engine.renderFileSync(template, model, globals ? { globals } : undefined) as string);
    },
    renderParts: async (template, model, texts) => {
      const run = compiledOf(template);
      const globals = texts ? textGlobals(texts) : undefined;
      if (!run) return engine.renderFileSync(template, model, globals ? { globals } : undefined) as string;
      const parts: PagePart[] = [];
      run(model, globals, parts);
      return new PageParts(parts);
    },
  };
}
