/**
 * The rich editor's words for its page: the browser script (src/client/editor/strings.ts) cannot call the
 * server's translator, so the editor form carries them as JSON in `data-messages` — the plain messages
 * translated here, and the ICU sources of those with arguments (a file name, a word count), which the
 * script formats with the language's plural rules.
 */
import type { PostKind } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';

/** The script's plain messages, each `admin.editor.rich.NAME` in the catalogues. */
const PLAIN = [
  'toolbar',
  'bold',
  'italic',
  'h2',
  'h3',
  'bulletList',
  'orderedList',
  'quote',
  'code',
  'link',
  'image',
  'embed',
  'embedTitle',
  'readMore',
  'readMoreShown',
  'undo',
  'redo',
  'source',
  'bodyLabel',
  'linkAddress',
  'linkApply',
  'linkOpen',
  'linkRemove',
  'linkBad',
  'imageInsert',
  'imageEdit',
  'imageFile',
  'imageAlt',
  'imageAltHint',
  'imageDecorative',
  'imageCaption',
  'imageCaptionHint',
  'imageAltMissing',
  'imageFileMissing',
  'imageNoAlt',
  'insert',
  'save',
  'cancel',
  'embedAsk',
  'embedBad',
  'autosaveFailed',
  'scheduleNeedsTime',
] as const;

/** The messages the script formats itself: they name a file, a time, a reason or count words. */
const FORMATTED = ['uploading', 'uploaded', 'uploadFailed', 'pastedNoAlt', 'words', 'savedAt', 'notSaved'] as const;

/** The catalogue keys the editor script uses, for tests that check each is translated. */
export const EDITOR_SCRIPT_KEYS: readonly string[] = [...PLAIN, ...FORMATTED].map((name) => `admin.editor.rich.${name}`);

/** The JSON the editor form's `data-messages` holds, in the words of `texts`, for a post or a page. */
export function editorMessages(texts: Texts, kind: PostKind): string {
  const text: Record<string, string> = { editHeading: texts.text(`admin.editor.heading.edit.${kind}`) };
  for (const name of PLAIN) text[name] = texts.text(`admin.editor.rich.${name}`);
  const formats: Record<string, string> = {};
  for (const name of FORMATTED) formats[name] = texts.source(`admin.editor.rich.${name}`);
  return JSON.stringify({ locale: texts.locale, text, formats });
}
