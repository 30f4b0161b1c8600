/**
 * What compiled templates call at render time (liquid-compiler.ts builds the closures that call it):
 * LiquidJS's own rules for looking a name up, reading a property, a size or an element, printing a
 * value, iterating, and its `forloop` drop, kept here so the compiler file holds only the compiling.
 */
import { Drop, TypeGuards, toValueSync as liquidValueSync, type Template } from 'liquidjs';
import type { PagePart } from './page-parts.js';

// LiquidJS's bindings taken once: in the server bundle each use of an imported binding of a CommonJS
// package goes through a getter, and these are used for every value a page prints.
export const DropBase = Drop;
export const toValueSync = liquidValueSync;

/** LiquidJS's toValue: a drop's `valueOf()`, anything else as it is. */
export function toValue(value: unknown): unknown {
  return value instanceof DropBase ? (value as { valueOf(): unknown }).valueOf() : value;
}

export type Scope = Record<string | number, unknown>;

/** A render's state: what LiquidJS keeps in its Context. */
export interface Frame {
  scopes: Scope[];
  env: Scope;
  /** The render-time globals (the page's Texts for `t`), seen by every partial. */
  globals: Scope;
  /** The child template's blocks while its layout renders. */
  blocks: Map<string, Emit> | null;
}

/** Where a render writes: the text so far, and with `parts` a page rendered as parts (page-parts.ts). */
export interface Out {
  s: string;
  parts?: PagePart[];
}

export type Emit = (frame: Frame, out: Out) => void;
export type Evaluate = (frame: Frame) => unknown;

export class Unsupported extends Error {}

/**
 * LiquidJS's filters that read nothing but their arguments (and the options): the ones a compiled
 * template may use besides the translation filters. Any other filter leaves the template to LiquidJS.
 */
export const PURE_FILTERS = new Set([
  'append',
  'prepend',
  'url_encode',
  'upcase',
  'downcase',
  'slice',
  'default',
  'truncate',
  'remove_first',
  'plus',
  'minus',
  'join',
]);

export interface LiquidFilter {
  name: string;
  handler?: unknown;
  args: unknown[];
  token: unknown;
}

/** LiquidJS's `forloop` drop, with the same fields, so `{{ forloop }}` prints the same. */
export class Forloop extends Drop {
  i = 0;
  constructor(
    public length: number,
    public name: string,
  ) {
    super();
  }
  next(): void {
    this.i++;
  }
  index0(): number {
    return this.i;
  }
  index(): number {
    return this.i + 1;
  }
  first(): boolean {
    return this.i === 0;
  }
  last(): boolean {
    return this.i === this.length - 1;
  }
  rindex(): number {
    return this.length - this.i;
  }
  rindex0(): number {
    return this.length - this.i - 1;
  }
  override valueOf(): string {
    return JSON.stringify(this);
  }
}

export function toLiquid(value: unknown): unknown {
  while (value && typeof (value as { toLiquid?: unknown }).toLiquid === 'function') value = (value as { toLiquid(): unknown }).toLiquid();
  return value;
}

export function readSize(obj: Scope | string): unknown {
  if (typeof obj !== 'string' && (Object.hasOwn(obj, 'size') || obj.size !== undefined)) return obj.size;
  if (Array.isArray(obj) || typeof obj === 'string') return obj.length;
  if (typeof obj === 'object') return Object.keys(obj).length;
  return undefined;
}

export function readElement(arr: unknown[], index: number): unknown {
  const i = index < 0 ? arr.length + index : index;
  return Object.hasOwn(arr, i) ? arr[i] : undefined;
}

/** LiquidJS's Context.readProperty with `ownPropertyOnly`. */
export function readProperty(value: unknown, key: string | number): unknown {
  const obj = toLiquid(value) as Scope | null | undefined;
  if (obj === null || obj === undefined) return obj;
  if (Array.isArray(obj) && typeof key === 'number') return readElement(obj, key);
  const isDrop = obj instanceof DropBase;
  const found = !Object.hasOwn(obj, key) && !isDrop ? undefined : obj[key];
  if (found === undefined && isDrop) return obj.liquidMethodMissing(String(key), undefined as never);
  if (typeof found === 'function') return (found as () => unknown).call(obj);
  if (key === 'size') return readSize(obj);
  if (key === 'first') return Array.isArray(obj) ? readElement(obj, 0) : Object.hasOwn(obj, 'first') ? obj.first : undefined;
  if (key === 'last') return Array.isArray(obj) ? readElement(obj, -1) : Object.hasOwn(obj, 'last') ? obj.last : undefined;
  return found;
}

export function findScope(frame: Frame, key: string | number): Scope {
  for (let i = frame.scopes.length - 1; i >= 0; i--) if (key in frame.scopes[i]!) return frame.scopes[i]!;
  return key in frame.env ? frame.env : frame.globals;
}

export function stringify(value: unknown): string {
  const v = toValue(value);
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(stringify).join('');
  // As LiquidJS prints it: an object as String() makes it (the themes' escaping never hands one here).
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(v);
}

export function toEnumerable(value: unknown): unknown[] {
  const v = toValue(value);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v.length > 0 ? [v] : [];
  if (v !== null && typeof v === 'object') {
    if (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>);
    return Object.keys(v).map((key) => [key, (v as Scope)[key]]);
  }
  return [];
}

/** LiquidJS's HTML template: text between tags, already trimmed by whitespace control. */
export function isText(t: Template): t is Template & { str: string } {
  return TypeGuards.isHTMLToken(t.token) && typeof (t as { str?: unknown }).str === 'string';
}

export const isPrimitive = (v: unknown) => v === undefined || (typeof v !== 'object' && typeof v !== 'function');
