/**
 * What the editor shows about a post's state: its status in words, the save buttons that fit it
 * (Publish / Schedule for a draft, Update / Unpublish for a published post), the notice after a save
 * with a link to the live post, and whether autosave may write to the server (only for drafts: a
 * published post changes when its writer presses Update).
 */
import { InvalidInputError, type AppError } from '../../domain/errors.js';
import { isPublished, type SaveAction } from '../../domain/posts/save-action.js';
import type { PostKind, PostMailMode, PostStatus } from '../../storage/schema.js';
import type { Texts } from '../i18n/translate.js';

export interface SaveButton {
  action: SaveAction;
  label: string;
  /** The one main button (filled); the others are secondary. */
  primary: boolean;
}

export interface EditorState {
  status: PostStatus;
  statusLabel: string;
  published: boolean;
  buttons: SaveButton[];
  /** Whether the server copy follows the typing (drafts) or waits for Update (published posts). */
  autosave: boolean;
  /** A post's way to readers (null for pages): the e-mail choice is shown until it was mailed on its own. */
  mailMode: PostMailMode | null;
}

/**
 * The state of a post (null: not saved yet) as the editor shows it to someone who may or may not publish,
 * in the words of `texts` (the dashboard's language); `mailMode` is null for pages, which are never mailed.
 */
export function editorState(
  texts: Texts,
  status: PostStatus | null,
  canPublish: boolean,
  mailMode: PostMailMode | null = null,
): EditorState {
  const current = status ?? 'draft';
  const published = isPublished(current);
  const button = (action: SaveAction, primary = false, key: string = action): SaveButton => ({
    action,
    label: texts.text(`admin.editor.button.${key}`),
    primary,
  });
  let buttons: SaveButton[];
  if (published) buttons = [button('unpublish'), button('update', true, current === 'scheduled' ? 'updateSchedule' : 'update')];
  else if (canPublish)
    buttons = [
      button('draft'),
      ...(mailMode !== null && mailMode !== 'mail-only' ? [button('mail')] : []),
      button('schedule'),
      button('publish', true),
    ];
  else buttons = [button('draft'), button('submit', true)];
  const statusLabel = texts.text(current === 'pending' ? 'admin.editor.status.pending' : `admin.status.${current}`);
  return { status: current, statusLabel, published, buttons, autosave: !published, mailMode };
}

export interface SavedNotice {
  text: string;
  /** The post's public address, for "view post". */
  link: string | null;
  linkText: string | null;
}

/**
 * The notice after a save (the `done` query parameter names the button pressed) in the words of `texts`;
 * null for none.
 */
export function savedNotice(
  texts: Texts,
  done: string | undefined,
  kind: PostKind,
  status: PostStatus,
  liveUrl: string,
): SavedNotice | null {
  const say = (key: string): SavedNotice => ({ text: texts.text(`admin.editor.done.${key}`), link: null, linkText: null });
  const view = (key: string): SavedNotice => ({ ...say(key), link: liveUrl, linkText: texts.text(`admin.editor.view.${kind}`) });
  switch (done) {
    case 'draft':
    case 'submit':
    case 'mail':
      return say(done);
    case 'unpublish':
      return say(`unpublish.${kind}`);
    case 'publish':
    case 'schedule':
    case 'update':
      if (status === 'scheduled') return say(done === 'update' ? 'updateScheduled' : 'schedule');
      if (status === 'live') return view(done === 'update' ? 'update' : 'publish');
      return say('saved');
    default:
      return null;
  }
}

/** The editor's fields with a reason of their own in the catalogues (`admin.editor.error.FIELD`). */
const EXPLAINED_FIELDS = new Set([
  'title',
  'body',
  'labels',
  'slug',
  'publishedAt',
  'searchDescription',
  'commentsSetting',
  'authorId',
  'mailMode',
  'coverImageUrl',
  'coverImageAlt',
  'action',
]);

/**
 * Why the editor refused a save, in the words of `texts`. English keeps the domain's own reason; other
 * languages say what the refused field takes (the domain's reasons are English), or what a clash means.
 */
export function editorRefusal(texts: Texts, error: AppError): string {
  if (texts.language === 'en') return error.message;
  const field = error instanceof InvalidInputError ? error.field : undefined;
  if (field && EXPLAINED_FIELDS.has(field)) return texts.text(`admin.editor.error.${field}`);
  const named: Record<number, string> = { 403: 'forbidden', 409: 'conflict' };
  return texts.text(`admin.editor.error.${named[error.status] ?? 'other'}`);
}
