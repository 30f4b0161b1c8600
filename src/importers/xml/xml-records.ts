/**
 * Streaming XML for exports: the document is read in chunks by saxes (namespace-aware), and each
 * element at the record depth (an Atom `<entry>`, a WXR `<item>`) is built whole and handed on, so
 * memory holds one record, never the file. Elements above that depth are reported as they open and close.
 *
 * Lenient where the meaning is clear, each repair reported as a warning: a bare `&` (see
 * ampersand-repair.ts), an undeclared well-known namespace prefix (Blogger's `app:`), an undefined
 * entity (kept as written). Anything else not well-formed refuses the file, naming the line and the
 * reason — also a DTD that declares entities (nothing is ever expanded, but such a file is an XXE or
 * billion-laughs attempt, not an export), and a file that ends after its last complete record without
 * closing its root (it looks cut: refused unless `partial` is asked for, then imported with a warning).
 */
import { SaxesParser, type ResolvePrefix, type SaxesTagNS } from 'saxes';
import { ImportRefusedError } from '../import-errors.js';
import type { ImportSource, ReadProgress } from '../import-model.js';
import { readText } from '../source.js';
import { AmpersandRepair } from './ampersand-repair.js';

export interface XmlElement {
  /** Local name. */
  name: string;
  /** Namespace URI; '' for none. */
  uri: string;
  /** Attributes by local name; a namespaced attribute also by `{uri}local`. */
  attrs: Record<string, string>;
  /** Text and child elements, in document order. */
  nodes: (XmlElement | string)[];
  line: number;
}

export type XmlEvent =
  | { type: 'open'; element: XmlElement; depth: number }
  | { type: 'record'; element: XmlElement; depth: number }
  | { type: 'close'; element: XmlElement; depth: number }
  /** Something repaired on the way (lenient reading). */
  | { type: 'repair'; message: string; line?: number };

export interface XmlReadOptions {
  /** Depth of the elements built whole (the root is at depth 1). */
  recordDepth: number;
  /** Namespaces of prefixes a real-world export may use without declaring. */
  knownPrefixes: Record<string, string>;
  onRead?: ReadProgress;
  /** The largest record, in characters of text (default 64 MB): a bound on memory. */
  maxRecordChars?: number;
  /** Read a file cut after a complete record (with a warning) instead of refusing it. */
  partial?: boolean;
}

/** The elements still open at the end of a cut file, as close tags: `</channel> and </rss>`. */
function missingCloseTags(stack: readonly XmlElement[]): string {
  const tags = stack.map((e) => `</${e.name}>`).reverse();
  return tags.length <= 1 ? (tags[0] ?? '') : `${tags.slice(0, -1).join(', ')} and ${tags.at(-1)}`;
}

const MAX_RECORD_CHARS = 64 * 1024 * 1024;

/** The direct text of an element (not its children's). */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  let text = '';
  for (const node of element.nodes) if (typeof node === 'string') text += node;
  return text;
}

/** The child elements of `element` named `name` in one of the namespaces `uris` (a string or a set). */
export function childrenOf(element: XmlElement, uris: string | ReadonlySet<string>, name: string): XmlElement[] {
  const inNs = typeof uris === 'string' ? (uri: string) => uri === uris : (uri: string) => uris.has(uri);
  return element.nodes.filter((n): n is XmlElement => typeof n !== 'string' && n.name === name && inNs(n.uri));
}

/** The first such child element. */
export function childOf(element: XmlElement, uris: string | ReadonlySet<string>, name: string): XmlElement | undefined {
  return childrenOf(element, uris, name)[0];
}

/** The trimmed text of the first such child element ('' when there is none). */
export function childText(element: XmlElement, uris: string | ReadonlySet<string>, name: string): string {
  return textOf(childOf(element, uris, name)).trim();
}

/** Writes an element back as XML (for Atom `type="xhtml"` content). */
export function serializeNodes(nodes: readonly (XmlElement | string)[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return nodes
    .map((n) => {
      if (typeof n === 'string') return esc(n);
      const attrs = Object.entries(n.attrs)
        .filter(([k]) => !k.startsWith('{'))
        .map(([k, v]) => ` ${k}="${esc(v).replace(/"/g, '&quot;')}"`)
        .join('');
      return `<${n.name}${attrs}>${serializeNodes(n.nodes)}</${n.name}>`;
    })
    .join('');
}

/** Parses saxes' `line:column: message` into its parts. */
function located(message: string): { line?: number; column?: number; reason: string } {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]), reason: m[3]!.replace(/\.$/, '') } : { reason: message };
}

/** Reads the XML of `source`, yielding the open and close of shallow elements and each record whole. */
export async function* readXml(source: ImportSource, options: XmlReadOptions): AsyncGenerator<XmlEvent> {
  const maxRecord = options.maxRecordChars ?? MAX_RECORD_CHARS;
  const queue: XmlEvent[] = [];
  const warn = (message: string, line?: number) => queue.push({ type: 'repair', message, line });
  const stack: XmlElement[] = [];
  let recordChars = 0;
  let repairedPrefixes = new Set<string>();
  let ended = false;
  let cutShort = false;

  const parser = new SaxesParser<{ xmlns: true; position: true; resolvePrefix: ResolvePrefix }>({
    xmlns: true,
    position: true,
    resolvePrefix: (prefix: string) => {
      // No default namespace declared: unprefixed names are in no namespace.
      if (prefix === '') return undefined;
      const uri = options.knownPrefixes[prefix];
      if (!repairedPrefixes.has(prefix)) {
        repairedPrefixes = new Set([...repairedPrefixes, prefix]);
        warn(
          uri
            ? `the prefix "${prefix}:" is used without being declared; read as ${uri}`
            : `the prefix "${prefix}:" is used without being declared; its elements are ignored`,
          parser.line,
        );
      }
      return uri ?? `urn:dastan:undeclared:${prefix}`;
    },
  });

  parser.on('error', (error: Error) => {
    const { line, column, reason } = located(error.message);
    if (/^undefined entity/.test(reason)) {
      warn('an entity the file does not define was kept as written', line);
      return;
    }
    if (ended && /^unclosed tag/.test(reason) && stack.length < options.recordDepth) {
      // Cut after a complete record: what was read is whole, but the rest of the blog is missing.
      const missing = missingCloseTags(stack);
      if (!options.partial) throw new ImportRefusedError(`the file ends before ${missing} — it looks cut`);
      if (!cutShort)
        warn(
          `the file ends before ${missing}: it looks cut after its last complete entry; whatever followed it is missing (imported with --partial)`,
          line,
        );
      cutShort = true;
      return;
    }
    throw new ImportRefusedError(`${reason} — the file is not well-formed XML`, line, column);
  });

  parser.on('doctype', (doctype: string) => {
    // Nothing is expanded either way; a file that declares entities is refused as a whole.
    if (/<!ENTITY/i.test(doctype)) {
      const root = /^\s*([^\s[>]+)/.exec(doctype)?.[1] ?? '';
      throw new ImportRefusedError(
        `the file declares entities in its DTD (<!DOCTYPE ${root} [ … ]>): an export never does, and Dastan does not read such a file`,
        // The event comes at the DTD's end: its line is where it starts.
        parser.line - (doctype.match(/\n/g)?.length ?? 0),
      );
    }
  });

  parser.on('opentag', (tag: SaxesTagNS) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      attrs[attr.local] = attr.value;
      if (attr.uri) attrs[`{${attr.uri}}${attr.local}`] = attr.value;
    }
    const element: XmlElement = { name: tag.local, uri: tag.uri ?? '', attrs, nodes: [], line: parser.line };
    const depth = stack.length + 1;
    if (depth > options.recordDepth) stack.at(-1)!.nodes.push(element);
    else if (depth < options.recordDepth) queue.push({ type: 'open', element, depth });
    else recordChars = 0;
    stack.push(element);
  });

  const onText = (text: string) => {
    if (stack.length < options.recordDepth) return;
    const nodes = stack.at(-1)!.nodes;
    recordChars += text.length;
    if (recordChars > maxRecord) {
      throw new ImportRefusedError(
        `the entry that starts on line ${stack[options.recordDepth - 1]!.line} is larger than ${Math.round(maxRecord / 1024 / 1024)} MB`,
        parser.line,
      );
    }
    const last = nodes.length - 1;
    if (last >= 0 && typeof nodes[last] === 'string') nodes[last] += text;
    else nodes.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const depth = stack.length;
    const element = stack.pop()!;
    if (depth === options.recordDepth) queue.push({ type: 'record', element, depth });
    else if (depth < options.recordDepth) queue.push({ type: 'close', element, depth });
  });

  const repair = new AmpersandRepair(warn);
  const chunks = readText(source, options.onRead, (count) =>
    warn(`${count} byte${count === 1 ? '' : 's'} that are not valid UTF-8 became "\uFFFD"`),
  );
  for await (const chunk of chunks) {
    parser.write(repair.push(chunk));
    yield* queue.splice(0);
  }
  parser.write(repair.end());
  ended = true;
  if (!parser.closed) parser.close();
  yield* queue.splice(0);
}
