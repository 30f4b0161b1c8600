/**
 * A blog's own wording of its theme's messages: the owner replaces any message of the catalogue (say
 * "Post a Comment" with "Leave a reply"), per blog, in the blog's language. Each override must be a
 * valid ICU message using only the arguments the catalogue's message offers (so `{count}` stays), and
 * short; an empty field means the catalogue's message.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { InvalidInputError } from '../errors.js';

/** The longest message an owner may write. */
export const OVERRIDE_MAX = 1000;

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };

function argumentsOf(elements: readonly unknown[], into: Set<string>): Set<string> {
  for (const el of elements as Element[]) {
    // Every element type but literal (0) and pound (7) names an argument.
    if (el.type !== 0 && el.type !== 7 && el.value) into.add(el.value);
    for (const option of Object.values(el.options ?? {})) argumentsOf(option.value, into);
  }
  return into;
}

/**
 * The overrides sent (`key` → message), checked against the catalogue (`key` → the message it
 * replaces), as the JSON to store: only filled-in, changed messages are kept.
 */
export function parseTextOverrides(
  sent: Readonly<Record<string, string>>,
  catalogue: Readonly<Record<string, string>>,
  locale: string,
): string {
  const kept: Record<string, string> = {};
  for (const [key, raw] of Object.entries(sent)) {
    if (!Object.hasOwn(catalogue, key)) throw new InvalidInputError(`There is no message “${key}” to replace.`, key);
    const text = raw.trim();
    if (text === '' || text === catalogue[key]) continue;
    if (text.length > OVERRIDE_MAX) throw new InvalidInputError(`A message is at most ${OVERRIDE_MAX} characters (“${key}”).`, key);
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) throw new InvalidInputError(`The message “${key}” has control characters.`, key);
    let format: IntlMessageFormat;
    try {
      format = new IntlMessageFormat(text, locale, undefined, { ignoreTag: true });
    } catch (error) {
      throw new InvalidInputError(
        `The message “${key}” is not a valid message (${(error as Error).message}). Write braces only around the names shown, like {count}.`,
        key,
      );
    }
    const allowed = argumentsOf(new IntlMessageFormat(catalogue[key]!, 'en', undefined, { ignoreTag: true }).getAst(), new Set());
    const unknown = [...argumentsOf(format.getAst(), new Set())].filter((name) => !allowed.has(name));
    if (unknown.length > 0)
      throw new InvalidInputError(
        `The message “${key}” uses {${unknown[0]}}, which it is not given; it may use ${[...allowed].map((a) => `{${a}}`).join(', ') || 'no names'}.`,
        key,
      );
    kept[key] = text;
  }
  return Object.keys(kept).length === 0 ? '' : JSON.stringify(kept);
}
