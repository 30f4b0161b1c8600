/**
 * Every word the rich editor shows, in the dashboard's language. The server's `t` filter cannot reach a
 * bundled script, so the editor page hands the messages in: the form's `data-messages` attribute holds
 * `{ locale, text, formats }` (see render/dashboard/editor-messages.ts) — plain messages already
 * translated, and the ICU sources of the ones with a name or a number in them, formatted here with the
 * language's plural rules. A name put into a sentence is isolated (U+2068 … U+2069) so a Latin file name
 * keeps its place in an Urdu sentence.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { timeOfDayOptions } from '../../domain/text/time-of-day.js';

/** "3:45 PM" in the page's language and the browser's time zone, written as the server writes times. */
function timeOfDay(ms: number): string {
  const options = timeOfDayOptions(M.locale, Intl.DateTimeFormat().resolvedOptions().timeZone, false);
  try {
    return new Intl.DateTimeFormat(M.locale, options).format(ms);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(ms);
  }
}

interface EditorMessages {
  locale: string;
  text: Record<string, string>;
  formats: Record<string, string>;
}

function readMessages(): EditorMessages {
  const json = document.querySelector<HTMLElement>('form.editor-form')?.dataset.messages ?? '';
  try {
    const parsed = JSON.parse(json) as Partial<EditorMessages>;
    return { locale: parsed.locale ?? 'en', text: parsed.text ?? {}, formats: parsed.formats ?? {} };
  } catch {
    return { locale: 'en', text: {}, formats: {} };
  }
}

const M = readMessages();
const compiled = new Map<string, IntlMessageFormat>();

/** A plain message (its name stands in when the page sent none, which only a broken page does). */
const text = (name: string): string => M.text[name] ?? name;

/** A message with arguments; text arguments are isolated. */
function format(name: string, values: Record<string, string | number>): string {
  let message = compiled.get(name);
  if (!message) {
    message = new IntlMessageFormat(M.formats[name] ?? name, M.locale, undefined, { ignoreTag: true });
    compiled.set(name, message);
  }
  const args: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(values)) args[key] = typeof value === 'string' ? `\u2068${value}\u2069` : value;
  return String(message.format(args));
}

/** The language the dashboard speaks (its numbers and times are formatted in it). */
export const LOCALE = M.locale;

export const S = {
  toolbar: text('toolbar'),
  bold: text('bold'),
  italic: text('italic'),
  h2: text('h2'),
  h3: text('h3'),
  bulletList: text('bulletList'),
  orderedList: text('orderedList'),
  quote: text('quote'),
  code: text('code'),
  link: text('link'),
  image: text('image'),
  embed: text('embed'),
  embedTitle: text('embedTitle'),
  readMore: text('readMore'),
  readMoreShown: text('readMoreShown'),
  undo: text('undo'),
  redo: text('redo'),
  source: text('source'),
  bodyLabel: text('bodyLabel'),
  linkAddress: text('linkAddress'),
  linkApply: text('linkApply'),
  linkOpen: text('linkOpen'),
  linkRemove: text('linkRemove'),
  linkBad: text('linkBad'),
  imageInsert: text('imageInsert'),
  imageEdit: text('imageEdit'),
  imageFile: text('imageFile'),
  imageAlt: text('imageAlt'),
  imageAltHint: text('imageAltHint'),
  imageDecorative: text('imageDecorative'),
  imageCaption: text('imageCaption'),
  imageCaptionHint: text('imageCaptionHint'),
  imageAltMissing: text('imageAltMissing'),
  imageFileMissing: text('imageFileMissing'),
  imageNoAlt: text('imageNoAlt'),
  insert: text('insert'),
  save: text('save'),
  cancel: text('cancel'),
  embedAsk: text('embedAsk'),
  embedBad: text('embedBad'),
  uploading: (name: string) => format('uploading', { name }),
  uploaded: (name: string) => format('uploaded', { name }),
  uploadFailed: (name: string) => format('uploadFailed', { name }),
  pastedNoAlt: (name: string) => format('pastedNoAlt', { name }),
  words: (words: number, minutes: number) => format('words', { words, minutes }),
  savedAt: (ms: number) => format('savedAt', { time: timeOfDay(ms) }),
  notSaved: (reason: string) => format('notSaved', { reason }),
  autosaveFailed: text('autosaveFailed'),
  editHeading: text('editHeading'),
  scheduleNeedsTime: text('scheduleNeedsTime'),
};
