/**
 * The Liquid filter `t`: `{{ "post.comments.count" | t: count: post.commentCount }}` prints the message
 * in the language of the page being rendered. The page's Texts travel as the render-time global `i18n`
 * (globals reach every partial, which sees nothing else of its caller); a render without one prints
 * English. `t` prints HTML (text arguments in `<bdi>`); `t_attr` prints plain text for attributes. The
 * compiled templates (liquid-compiler.ts) call the same functions.
 */
import type { Liquid } from 'liquidjs';
import type { SafeHtml } from '../../domain/text/sanitize.js';
import { textsFor, type Texts } from './translate.js';

/** The name of the render-time global holding the page's Texts. */
export const TEXTS_GLOBAL = 'i18n';

/** The globals to render a page with, so `t` speaks the page's language. */
export function textGlobals(texts: Texts): Record<string, unknown> {
  return { [TEXTS_GLOBAL]: texts };
}

/** The Texts in `globals`, or English. */
export function textsOf(globals: Record<string, unknown> | undefined): Texts {
  const texts = globals?.[TEXTS_GLOBAL];
  return texts && typeof (texts as Texts).text === 'function' ? (texts as Texts) : textsFor('en');
}

/** The `name: value` arguments of a filter as LiquidJS hands them over (`[name, value]` pairs); positional ones are ignored. */
function valuesOf(args: readonly unknown[]): Record<string, unknown> | undefined {
  if (args.length === 0) return undefined;
  const values: Record<string, unknown> = {};
  for (const arg of args) if (Array.isArray(arg) && typeof arg[0] === 'string') values[arg[0]] = arg[1];
  return values;
}

/** What `t` prints: the message as HTML, its text arguments each in `<bdi>`. */
export function translateHtml(texts: Texts, key: unknown, args: readonly unknown[]): SafeHtml | string {
  return typeof key === 'string' ? texts.html(key, valuesOf(args)) : '';
}

/** What `t_attr` prints: the message as plain text (escaped by the output), text arguments between U+2068 and U+2069. */
export function translateText(texts: Texts, key: unknown, args: readonly unknown[]): string {
  return typeof key === 'string' ? texts.text(key, valuesOf(args)) : '';
}

type FilterThis = { context: { globals: Record<string, unknown> } };

/** The filters' handlers as LiquidJS calls them; the compiler recognises `t` and `t_attr` by these very functions. */
export function translationFilter(this: FilterThis, key: unknown, ...args: unknown[]): SafeHtml | string {
  return translateHtml(textsOf(this.context.globals), key, args);
}
export function attributeTranslationFilter(this: FilterThis, key: unknown, ...args: unknown[]): string {
  return translateText(textsOf(this.context.globals), key, args);
}

/** Registers `t` and `t_attr` on an engine (the themes', a blog's own templates', the dashboard's). */
export function registerTranslationFilter(engine: Liquid): void {
  engine.registerFilter('t', translationFilter);
  engine.registerFilter('t_attr', attributeTranslationFilter);
}
