/**
 * Compiles the bundled themes' Liquid templates into plain JavaScript closures, so a page is rendered
 * without LiquidJS's generator-driven interpreter (most of a post page's cost before this). The compiler
 * reads the templates LiquidJS itself parsed and keeps LiquidJS's meaning: scope lookup, own properties
 * only, `size`/`first`/`last`, the operators (LiquidJS's own functions, so `blank` and `empty` compare as
 * there), truthiness, `forloop`, isolated `render` scopes, layouts and blocks, and the same output escaping.
 *
 * It covers the part of Liquid the bundled themes and the dashboard use — text, comments, outputs, the
 * translation filters and LiquidJS's pure string and number filters, `if`/`elsif`/`else`, `unless`, `for`
 * (with `else`, without modifiers), `assign`, `capture`, `render` with arguments, `layout` and `block` —
 * and answers `null` for any template (or partial it renders) that uses anything else, which then
 * renders through LiquidJS. Only the bundled themes and the dashboard, which are part of the program, are
 * compiled: a blog's own edited templates always run in the interpreter, with its time and memory limits.
 */
import {
  AssignTag,
  BlockTag,
  CaptureTag,
  CommentTag,
  ForTag,
  IfTag,
  InlineCommentTag,
  LayoutTag,
  Output,
  RenderTag,
  TypeGuards,
  UnlessTag,
  type Expression,
  type Liquid,
  type Template,
  type Value,
} from 'liquidjs';
import {
  toValueSync,
  toValue,
  Unsupported,
  Forloop,
  readProperty,
  findScope,
  stringify,
  toEnumerable,
  isText,
  isPrimitive,
  type Scope,
  type Frame,
  type Emit,
  type Out,
  type Evaluate,
  PURE_FILTERS,
  type LiquidFilter,
} from './liquid-runtime.js';
import { SafeHtml } from '../domain/text/sanitize.js';
import { partsOf, type PagePart } from './page-parts.js';
import { attributeTranslationFilter, textsOf, translateHtml, translateText, translationFilter } from './i18n/liquid-filter.js';

/**
 * A compiled template: the model (and the render-time globals) in, the page out. Given `parts`, the page
 * goes there instead (page-parts.ts): a printed SafeHtml marked as parts is added as those parts.
 */
export type CompiledTemplate = (model: object, globals?: Record<string, unknown>, parts?: PagePart[]) => string;

export class LiquidCompiler {
  private readonly compiled = new Map<string, { emit: Emit | null }>();
  private readonly operatorContext: { opts: object };
  /** What LiquidJS's own filters read of their render context: the options and the memory limit (not kept for program templates). */
  private readonly filterContext: { opts: object; ownPropertyOnly: boolean; memoryLimit: { use(n: number): void } };

  constructor(private readonly engine: Liquid) {
    const opts = engine.options;
    const globals = Object.keys(opts.globals ?? {}).length > 0;
    if (!opts.ownPropertyOnly || opts.jsTruthy || opts.strictVariables || opts.lenientIf || globals)
      throw new Error('LiquidCompiler: unsupported engine options');
    this.operatorContext = { opts };
    this.filterContext = { opts, ownPropertyOnly: true, memoryLimit: { use: () => {} } };
  }

  /** The template compiled, or null when it (or a partial it renders) uses what the compiler does not. */
  compile(name: string): CompiledTemplate | null {
    let emit: Emit;
    try {
      emit = this.file(name);
    } catch (error) {
      if (error instanceof Unsupported) return null;
      throw error;
    }
    return (model, globals = {}, parts) => {
      const out: Out = { s: '', parts };
      emit({ scopes: [{}], env: model as Scope, globals, blocks: null }, out);
      if (!parts) return out.s;
      parts.push(out.s);
      return '';
    };
  }

  /** A file's templates, compiled once; a partial that renders itself refers to its own entry. */
  private file(name: string): Emit {
    const known = this.compiled.get(name);
    if (known) return (frame, out) => known.emit!(frame, out);
    const entry: { emit: Emit | null } = { emit: null };
    this.compiled.set(name, entry);
    try {
      entry.emit = this.list(this.engine.parseFileSync(name));
    } catch (error) {
      this.compiled.delete(name);
      throw error;
    }
    return entry.emit;
  }

  private list(templates: readonly Template[]): Emit {
    // Comments (`{% comment %}`, `{% # … %}`) print nothing: they are left out, not run.
    const parts = templates.filter((t) => !(t instanceof CommentTag || t instanceof InlineCommentTag)).map((t) => this.template(t));
    return (frame, out) => {
      for (const part of parts) part(frame, out);
    };
  }

  private template(t: Template): Emit {
    if (t instanceof Output) return this.output(t.value);
    if (t instanceof IfTag)
      return this.branches(
        t.branches.map((b) => ({ test: this.truthy(b.value, true), emit: this.list(b.templates) })),
        t.elseTemplates,
      );
    if (t instanceof UnlessTag) {
      const branches = (t as unknown as { branches: { value: Value; test: (v: unknown) => boolean; templates: Template[] }[] }).branches;
      return this.branches(
        branches.map((b, i) => ({ test: this.truthy(b.value, i > 0), emit: this.list(b.templates) })),
        t.elseTemplates,
      );
    }
    if (t instanceof ForTag) return this.forLoop(t);
    if (t instanceof AssignTag) return this.assign(t);
    if (t instanceof CaptureTag) return this.capture(t);
    if (t instanceof RenderTag) return this.render(t);
    if (t instanceof LayoutTag) return this.layout(t);
    if (t instanceof BlockTag) return this.block(t);
    if (isText(t)) {
      const { str } = t;
      return (_frame, out) => {
        out.s += str;
      };
    }
    throw new Unsupported(t.token.getText());
  }

  private output(value: Value): Emit {
    const escape = this.engine.options.outputEscape;
    const filters = value.filters as unknown as LiquidFilter[];
    const last = filters.at(-1);
    if (!escape || last?.handler !== escape) throw new Unsupported('filters');
    const read = this.expression(value.initial);
    const first = filters[0]!.handler;
    if (filters.length === 2 && first === translationFilter) return this.translated(read, filters[0]!.args, escape, translateHtml);
    if (filters.length === 2 && first === attributeTranslationFilter) return this.translated(read, filters[0]!.args, escape, translateText);
    const piped = this.piped(read, filters.slice(0, -1));
    return (frame, out) => {
      const value = piped(frame);
      const parts = out.parts && value instanceof SafeHtml ? partsOf(value) : undefined;
      if (parts) {
        out.parts!.push(out.s, ...parts);
        out.s = '';
        return;
      }
      const s: unknown = escape(value);
      out.s += typeof s === 'string' ? s : stringify(s);
    };
  }

  /** `{% assign name = value | filters %}`: set in the render's bottom scope, as LiquidJS does. */
  private assign(t: AssignTag): Emit {
    const tag = t as unknown as { key: string; value: { initial: Expression; filters: LiquidFilter[] } };
    const read = this.piped(this.expression(tag.value.initial), tag.value.filters);
    const { key } = tag;
    return (frame) => {
      frame.scopes[0]![key] = read(frame);
    };
  }

  /** `{% capture name %}…{% endcapture %}`: what the body prints, set in the bottom scope. */
  private capture(t: CaptureTag): Emit {
    const { variable } = t as unknown as { variable: string };
    const body = this.list(t.templates);
    return (frame) => {
      const inner = { s: '' };
      body(frame, inner);
      frame.scopes[0]![variable] = inner.s;
    };
  }

  /** A value through its filters: the translation filters, and LiquidJS's own pure string and number filters. */
  private piped(read: Evaluate, filters: readonly LiquidFilter[]): Evaluate {
    if (filters.length === 0) return read;
    const steps = filters.map((f) => this.filterStep(f));
    return (frame) => {
      let v = read(frame);
      for (const step of steps) v = step(frame, v);
      return v;
    };
  }

  private filterStep(filter: LiquidFilter): (frame: Frame, value: unknown) => unknown {
    const args = filter.args.map((arg) => {
      if (!Array.isArray(arg)) return { name: null, read: this.token(arg) };
      const [name, token] = arg as [string, unknown];
      return { name, read: this.token(token) };
    });
    const argv = (frame: Frame) => args.map((a) => (a.name === null ? a.read(frame) : [a.name, a.read(frame)]));
    if (filter.handler === translationFilter) return (frame, v) => translateHtml(textsOf(frame.globals), v, argv(frame));
    if (filter.handler === attributeTranslationFilter) return (frame, v) => translateText(textsOf(frame.globals), v, argv(frame));
    const builtin = (this.engine.filters as Record<string, unknown>)[filter.name];
    if (!PURE_FILTERS.has(filter.name) || filter.handler !== builtin || typeof builtin !== 'function') throw new Unsupported(filter.name);
    const self = { context: this.filterContext, token: filter.token, liquid: this.engine };
    const handler = builtin as (...a: unknown[]) => unknown;
    return (frame, v) => toValueSync(handler.apply(self, [v, ...argv(frame)]));
  }

  /** `{{ "key" | t: name: value }}` (or `t_attr`): the filter with its arguments evaluated as LiquidJS does, then escaped. */
  private translated(
    read: Evaluate,
    args: unknown[],
    escape: (value: unknown) => unknown,
    translate: (texts: ReturnType<typeof textsOf>, key: unknown, args: readonly unknown[]) => unknown,
  ): Emit {
    const evaluated = args.map((arg) => {
      if (!Array.isArray(arg)) return { name: null, read: this.token(arg) };
      const [name, token] = arg as [string, unknown];
      return { name, read: this.token(token) };
    });
    return (frame, out) => {
      const argv = evaluated.map((a) => (a.name === null ? a.read(frame) : [a.name, a.read(frame)]));
      out.s += escape(translate(textsOf(frame.globals), read(frame), argv)) as string;
    };
  }

  /** `if` and `elsif` test truthiness; an `unless` tests falsiness first, then its `elsif`s truthiness. */
  private truthy(value: Value, wanted: boolean): Evaluate {
    if (value.filters.length > 0) throw new Unsupported('filters in a condition');
    const read = this.expression(value.initial);
    return (frame) => {
      const v = toValue(read(frame));
      return (v !== false && v !== undefined && v !== null) === wanted;
    };
  }

  private branches(branches: { test: Evaluate; emit: Emit }[], elseTemplates: readonly Template[] | undefined): Emit {
    const otherwise = this.list(elseTemplates ?? []);
    return (frame, out) => {
      for (const b of branches) if (b.test(frame)) return b.emit(frame, out);
      otherwise(frame, out);
    };
  }

  private forLoop(t: ForTag): Emit {
    if (Object.keys(t.hash.hash).length > 0) throw new Unsupported('for modifiers');
    const collection = this.token(t.collection);
    const body = this.list(t.templates);
    const otherwise = this.list(t.elseTemplates);
    const { variable } = t;
    const name = `${variable}-${t.collection.getText()}`;
    return (frame, out) => {
      const items = toEnumerable(collection(frame));
      if (items.length === 0) return otherwise(frame, out);
      const forloop = new Forloop(items.length, name);
      const scope: Scope = { forloop };
      frame.scopes.push(scope);
      for (const item of items) {
        scope[variable] = item;
        body(frame, out);
        forloop.next();
      }
      frame.scopes.pop();
    };
  }

  private render(t: RenderTag): Emit {
    const tag = t as unknown as { file: unknown; with?: unknown; forBinding?: unknown; hash: { hash: Record<string, unknown> } };
    if (typeof tag.file !== 'string' || tag.with || tag.forBinding) throw new Unsupported('dynamic render');
    const args = Object.entries(tag.hash.hash).map(([key, token]) => [key, token === undefined ? () => true : this.token(token)] as const);
    const partial = this.file(tag.file);
    return (frame, out) => {
      const scope: Scope = {};
      for (const [key, read] of args) scope[key] = read(frame);
      // A rendered partial sees only its arguments (LiquidJS spawns an isolated context).
      partial({ scopes: [scope], env: {}, globals: frame.globals, blocks: null }, out);
    };
  }

  private layout(t: LayoutTag): Emit {
    const tag = t as unknown as { file: unknown; args: { hash: Record<string, unknown> }; templates: Template[] };
    if (typeof tag.file !== 'string' || Object.keys(tag.args.hash).length > 0) throw new Unsupported('layout arguments');
    const blocks = new Map<string, Emit>();
    for (const child of tag.templates) {
      if (child instanceof BlockTag && child.block !== '') blocks.set(child.block, this.list(child.templates));
      else if (!(isText(child) && child.str.trim() === '')) throw new Unsupported('content outside blocks');
    }
    const layout = this.file(tag.file);
    return (frame, out) => {
      const outer = frame.blocks;
      frame.blocks = blocks;
      layout(frame, out);
      frame.blocks = outer;
    };
  }

  private block(t: BlockTag): Emit {
    if (t.block === '') throw new Unsupported('anonymous block');
    const own = this.list(t.templates);
    const name = t.block;
    return (frame, out) => {
      const child = frame.blocks?.get(name);
      if (!child) return own(frame, out);
      // The child's block renders in the layout's place, outside any further layout.
      const blocks = frame.blocks;
      frame.blocks = null;
      child(frame, out);
      frame.blocks = blocks;
    };
  }

  private expression(expression: Expression): Evaluate {
    const stack: Evaluate[] = [];
    for (const token of expression.postfix) {
      if (TypeGuards.isOperatorToken(token)) {
        const op = token.operator;
        const impl = (this.engine.options.operators as Record<string, (...args: unknown[]) => unknown>)[op];
        if (!impl) throw new Unsupported(op);
        const ctx = this.operatorContext;
        if (op === 'not') {
          const r = stack.pop()!;
          stack.push((frame) => toValueSync(impl(r(frame), ctx)));
          continue;
        }
        const r = stack.pop()!;
        const l = stack.pop()!;
        stack.push(this.binary(op, l, r, (lv, rv) => toValueSync(impl(lv, rv, ctx))));
      } else {
        stack.push(this.token(token));
      }
    }
    if (stack.length !== 1) throw new Unsupported('expression');
    return stack[0]!;
  }

  /** A comparison of two plain values is done directly; anything involving an object goes to LiquidJS's operator. */
  private binary(op: string, l: Evaluate, r: Evaluate, general: (l: unknown, r: unknown) => unknown): Evaluate {
    const direct: ((a: unknown, b: unknown) => boolean) | undefined = {
      '==': (a: unknown, b: unknown) => a === b,
      '!=': (a: unknown, b: unknown) => a !== b,
      '>': (a: unknown, b: unknown) => (a as number) > (b as number),
      '<': (a: unknown, b: unknown) => (a as number) < (b as number),
      '>=': (a: unknown, b: unknown) => (a as number) >= (b as number),
      '<=': (a: unknown, b: unknown) => (a as number) <= (b as number),
    }[op];
    if (!direct) return (frame) => general(l(frame), r(frame));
    return (frame) => {
      const lv = l(frame);
      const rv = r(frame);
      return isPrimitive(lv) && isPrimitive(rv) ? direct(lv, rv) : general(lv, rv);
    };
  }

  private token(token: unknown): Evaluate {
    if (token !== null && typeof token === 'object' && 'content' in token) {
      const value = token.content;
      return () => value;
    }
    if (!TypeGuards.isPropertyAccessToken(token)) throw new Unsupported('value');
    const access = token as { variable?: unknown; props: unknown[] };
    if (access.variable) throw new Unsupported('computed variable');
    const keys = access.props.map((p) => {
      if (p === null || typeof p !== 'object' || !('content' in p)) throw new Unsupported('computed property');
      const key = toValue(p.content);
      if (typeof key !== 'string' && typeof key !== 'number') throw new Unsupported('property');
      return key;
    });
    const [root] = keys;
    if (root === undefined || root === 'block') throw new Unsupported('block');
    return (frame) => {
      let value: unknown = findScope(frame, root);
      for (const key of keys) value = readProperty(value, key);
      return value;
    };
  }
}
