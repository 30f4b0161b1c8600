/**
 * Reading dashboard forms at the edge: a zod schema per form, and a person-readable 400 naming the
 * field when a value is missing, repeated or too long. Handlers get typed values or nothing.
 */
import * as z from 'zod';
import { InvalidInputError } from '../../domain/errors.js';
import type { Texts } from '../../render/i18n/translate.js';
import { withThousands } from '../../domain/text/thousands.js';

/** A single text field, at most `max` characters (an absent optional field reads as ''). */
export function textField(label: string, max: number, optional = true) {
  const base = z
    .string({ error: `${label}: please send one piece of text.` })
    .max(max, `${label} is at most ${withThousands(max)} characters.`);
  return optional ? base.optional().transform((v) => v ?? '') : base;
}

/** A checkbox: present (any value) is true. */
export const checkbox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => v !== undefined);

/** A field that may be sent several times (checkboxes with one name): always an array. */
export function manyField(label: string, max = 1000) {
  return z
    .union([z.string(), z.array(z.string())], { error: `${label}: please send text values.` })
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .refine((v) => v.length <= max, `At most ${max} ${label.toLowerCase()} at once.`);
}

/**
 * The action and IDs of a list form with a button on each row (`one` = "ACTION:ID") and bulk actions
 * on the selected rows (`action` and `ids`): a 400 unless the action is one of `actions` and every ID is
 * a number. `noun` names a row in the messages ("comment").
 */
export function rowAction<A extends string>(
  input: { action?: A; ids: string[]; one: string },
  actions: z.ZodType<A>,
  noun: string,
): { action: A; ids: string[] } {
  let action = input.action;
  let ids = input.ids;
  if (input.one) {
    const [one, id] = input.one.split(':');
    action = actions.safeParse(one).data;
    ids = id ? [id] : [];
  }
  if (!action) throw new InvalidInputError('Please choose an action from the list.', 'action');
  if (ids.length === 0) throw new InvalidInputError(`Please select at least one ${noun}.`, 'ids');
  if (ids.some((id) => !/^\d{1,19}$/.test(id))) throw new InvalidInputError(`A ${noun} ID is not valid.`, 'ids');
  return { action, ids };
}

/** A schema's message that names a dashboard message (`admin.…`) rather than being one. */
const MESSAGE_KEY = /^admin\.[\w.-]+$/;

/**
 * Parses a form body with `schema`; throws InvalidInputError with the first problem's message. With the
 * page's `texts`, a message that is a catalogue key (`{ error: 'admin.stats.error.beacon' }`) is sent in
 * the reader's language.
 */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown, texts?: Texts): z.output<S> {
  const result = schema.safeParse(typeof body === 'object' && body !== null ? body : {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const message = texts && MESSAGE_KEY.test(issue.message) ? texts.text(issue.message) : issue.message;
  throw new InvalidInputError(message, issue.path.map(String).join('.') || undefined);
}

/**
 * Where to go after signing in: a path on this same site (a post's `#comments`, a dashboard page), or
 * else the dashboard. Only a path that starts with one `/` is taken: `//evil.com` and `/\evil.com`
 * (which browsers read as another host), `https://…`, `javascript:`, and anything with a backslash or a
 * character outside visible ASCII (spaces, controls, unencoded letters a Location header cannot carry)
 * fall back to /admin — no open redirect.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2000 || !next.startsWith('/') || next.startsWith('//') || /[^\x21-\x5B\x5D-\x7E]/.test(next)) return '/admin';
  return next;
}
