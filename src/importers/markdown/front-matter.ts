/**
 * Front matter of a Markdown site's file: YAML between `---` lines (Jekyll, Hugo, Eleventy), TOML
 * between `+++` lines (Hugo) or a JSON object (Hugo). Read with the `yaml` and `smol-toml` packages;
 * a broken block is reported with its line in the file, not thrown past the file.
 */
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { zonedInputToMs } from '../../domain/text/zoned-time.js';

export type FrontMatter = Record<string, unknown>;

export type SplitFile =
  | { ok: true; data: FrontMatter; body: string }
  | { ok: false; reason: string; line?: number }
  /** The file has no front matter. */
  | undefined;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The end of a JSON object that starts the text (strings and escapes skipped), or -1. */
function jsonEnd(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function asObject(value: unknown, kind: string): { ok: true; data: FrontMatter } | { ok: false; reason: string; line?: number } {
  if (value === null || value === undefined) return { ok: true, data: {} };
  if (typeof value === 'object' && !Array.isArray(value)) return { ok: true, data: value as FrontMatter };
  return { ok: false, reason: `the front matter is ${kind}, but not a list of fields (name: value)`, line: 2 };
}

/** Splits a file into its front matter (parsed) and its body. */
export function splitFrontMatter(raw: string): SplitFile {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fence = /^(---|\+\+\+)[ \t]*\n/.exec(text);
  if (fence) {
    const mark = fence[1]!;
    const close = new RegExp(`^(?:${mark === '---' ? '---|\\.\\.\\.' : '\\+\\+\\+'})[ \\t]*$`, 'm');
    const rest = text.slice(fence[0].length);
    const end = close.exec(rest);
    if (!end) return { ok: false, reason: `the front matter opened with ${mark} on line 1 is never closed`, line: 1 };
    const block = rest.slice(0, end.index);
    const body = rest.slice(end.index + end[0].length).replace(/^\n/, '');
    if (mark === '---') {
      try {
        const parsed = asObject(parseYaml(block, { uniqueKeys: false }), 'YAML');
        return parsed.ok ? { ...parsed, body } : parsed;
      } catch (error) {
        const line = error instanceof YAMLParseError ? (error.linePos?.[0]?.line ?? 0) + 1 : undefined;
        const message = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        return { ok: false, reason: `the front matter is not valid YAML (${message})`, line };
      }
    }
    try {
      const parsed = asObject(parseToml(block), 'TOML');
      return parsed.ok ? { ...parsed, body } : parsed;
    } catch (error) {
      const line = (error as { line?: number }).line;
      const message = (error as Error).message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      return { ok: false, reason: `the front matter is not valid TOML (${message})`, line: line === undefined ? undefined : line + 1 };
    }
  }
  if (text.startsWith('{')) {
    const end = jsonEnd(text);
    if (end < 0) return { ok: false, reason: 'the JSON front matter is never closed', line: 1 };
    try {
      const parsed = asObject(JSON.parse(text.slice(0, end)), 'JSON');
      return parsed.ok ? { ...parsed, body: text.slice(end).replace(/^[ \t]*\n/, '') } : parsed;
    } catch (error) {
      return { ok: false, reason: `the front matter is not valid JSON (${(error as Error).message})`, line: lineOf(text, 0) };
    }
  }
  return undefined;
}

/** A front-matter field as text (a number or date written out), or undefined. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return (value as Date & { isLocal?: () => boolean }).toISOString();
  return undefined;
}

/** A list field: a YAML/TOML list, or one string (split on spaces when `spaces`: Jekyll's `tags: a b`). */
export function listOf(value: unknown, spaces = false): string[] {
  if (Array.isArray(value)) return value.map(textOf).filter((v): v is string => v !== undefined);
  const text = textOf(value);
  if (!text) return [];
  return spaces ? text.split(/\s+/) : [text];
}

/** True for `true`, `"true"`, `yes`. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && /^(true|yes)$/i.test(value.trim()));
}

/** True for `false`, `"false"`, `no`. */
export function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && /^(false|no)$/i.test(value.trim()));
}

const DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A site's date as milliseconds: `2023-04-01`, `2023-04-01 09:30:00 +0200`, `2023-04-01T09:30:00Z`, a
 * TOML date. A time without a zone is in the site's `timeZone`.
 */
export function siteDate(value: unknown, timeZone: string): number | undefined {
  const text = textOf(value);
  if (!text) return undefined;
  const m = DATE.exec(text);
  if (!m) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const pad = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  const local = `${m[1]}-${pad(m[2])}-${pad(m[3])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}`;
  const zone = m[7];
  if (!zone) return zonedInputToMs(local, timeZone);
  const ms = Date.parse(`${local}${zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`}`);
  return Number.isNaN(ms) ? undefined : ms;
}
