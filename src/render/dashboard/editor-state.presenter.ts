/**
 * What the editor shows about a post's state: its status in words, the save buttons that fit it
 * (Publish / Schedule for a draft, Update / Unpublish for a published post), the notice after a save
 * with a link to the live post, and whether autosave may write to the server (only for drafts: a
 * published post changes when its writer presses Update).
 */
import { isPublished, type SaveAction } from '../../domain/posts/save-action.js';
import type { PostKind, PostMailMode, PostStatus } from '../../storage/schema.js';

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

const STATUS_LABELS: Record<PostStatus, string> = {
  draft: 'Draft',
  pending: 'Waiting for review',
  scheduled: 'Scheduled',
  live: 'Published',
};

/**
 * The state of a post (null: not saved yet) as the editor shows it to someone who may or may not publish;
 * `mailMode` is null for pages, which are never mailed.
 */
export function editorState(status: PostStatus | null, canPublish: boolean, mailMode: PostMailMode | null = null): EditorState {
  const current = status ?? 'draft';
  const published = isPublished(current);
  let buttons: SaveButton[];
  if (published)
    buttons = [
      { action: 'unpublish', label: 'Unpublish', primary: false },
      { action: 'update', label: current === 'scheduled' ? 'Update schedule' : 'Update', primary: true },
    ];
  else if (canPublish)
    buttons = [
      { action: 'draft', label: 'Save draft', primary: false },
      ...(mailMode !== null && mailMode !== 'mail-only' ? [{ action: 'mail' as const, label: 'Send by e-mail only', primary: false }] : []),
      { action: 'schedule', label: 'Schedule', primary: false },
      { action: 'publish', label: 'Publish', primary: true },
    ];
  else
    buttons = [
      { action: 'draft', label: 'Save draft', primary: false },
      { action: 'submit', label: 'Submit for review', primary: true },
    ];
  return { status: current, statusLabel: STATUS_LABELS[current], published, buttons, autosave: !published, mailMode };
}

export interface SavedNotice {
  text: string;
  /** The post's public address, for "view post". */
  link: string | null;
  linkText: string | null;
}

/** The notice after a save (the `done` query parameter names the button pressed); null for none. */
export function savedNotice(done: string | undefined, kind: PostKind, status: PostStatus, liveUrl: string): SavedNotice | null {
  const view = (text: string): SavedNotice => ({ text, link: liveUrl, linkText: `View ${kind}` });
  switch (done) {
    case 'draft':
      return { text: 'Saved as a draft.', link: null, linkText: null };
    case 'submit':
      return { text: 'Submitted for review.', link: null, linkText: null };
    case 'mail':
      return { text: 'Sent to the blog’s subscribers by e-mail. The post stays off the blog.', link: null, linkText: null };
    case 'unpublish':
      return { text: `Unpublished: the ${kind} is a draft again and its address answers “not found”.`, link: null, linkText: null };
    case 'publish':
    case 'schedule':
    case 'update':
      if (status === 'scheduled')
        return { text: done === 'update' ? 'Updated. Still scheduled.' : 'Scheduled.', link: null, linkText: null };
      if (status === 'live') return view(done === 'update' ? 'Updated —' : 'Published —');
      return { text: 'Saved.', link: null, linkText: null };
    default:
      return null;
  }
}
