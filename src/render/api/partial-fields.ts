/**
 * Google's partial responses: `fields=kind,items(id,title,author/displayName),nextPageToken` keeps only
 * the named parts of a JSON answer. A path's `/` steps into an object, `( … )` selects inside it, and
 * a selection applies to every element of an array.
 */
import { InvalidInputError } from '../../domain/errors.js';

/** A parsed selection: each key maps to `true` (all of it) or a nested selection. */
export type FieldSelection = Map<string, FieldSelection | true>;

const MAX_FIELDS_LENGTH = 2000;

function merge(into: FieldSelection, key: string, value: FieldSelection | true): void {
  const existing = into.get(key);
  if (existing === true || value === true) into.set(key, true);
  else if (existing) for (const [k, v] of value) merge(existing, k, v);
  else into.set(key, value);
}

/** Parses a `fields` parameter; a malformed one is a 400 naming it. */
export function parseFields(spec: string): FieldSelection {
  if (spec.length > MAX_FIELDS_LENGTH) throw new InvalidInputError('fields is too long.', 'fields');
  let at = 0;
  const fail = (): never => {
    throw new InvalidInputError(
      `Invalid field selection "${spec}": check the commas, slashes and brackets near position ${at + 1}.`,
      'fields',
    );
  };
  const name = (): string => {
    const match = /^[A-Za-z0-9_$.*-]+/.exec(spec.slice(at));
    if (!match) return fail();
    at += match[0].length;
    return match[0];
  };
  const list = (depth: number): FieldSelection => {
    if (depth > 10) fail();
    const selection: FieldSelection = new Map();
    for (;;) {
      const path = [name()];
      while (spec[at] === '/') {
        at++;
        path.push(name());
      }
      let leaf: FieldSelection | true = true;
      if (spec[at] === '(') {
        at++;
        leaf = list(depth + 1);
        if (spec[at] !== ')') fail();
        at++;
      }
      for (let i = path.length - 1; i > 0; i--) leaf = new Map([[path[i]!, leaf]]);
      merge(selection, path[0]!, leaf);
      if (spec[at] !== ',') return selection;
      at++;
    }
  };
  const selection = list(0);
  if (at !== spec.length) fail();
  return selection;
}

/** The parts of `value` that `selection` names. */
export function selectFields(value: unknown, selection: FieldSelection): unknown {
  if (Array.isArray(value)) return value.map((v) => selectFields(v, selection));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  const source = value as Record<string, unknown>;
  for (const [key, sub] of selection) {
    if (key === '*') {
      Object.assign(out, source);
      continue;
    }
    if (!Object.hasOwn(source, key)) continue;
    out[key] = sub === true ? source[key] : selectFields(source[key], sub);
  }
  return out;
}
