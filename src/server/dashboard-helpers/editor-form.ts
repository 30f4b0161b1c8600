/**
 * The editor form at the edge: its zod schema, and turning what was sent into the editor's input (the
 * publish time read in the blog's time zone, the author checked to be a member of the blog).
 */
import * as z from 'zod';
import { InvalidInputError } from '../../domain/errors.js';
import { canChangeAuthor } from '../../domain/policies/post.policy.js';
import { MAX_COVER_ALT, MAX_COVER_URL } from '../../domain/posts/cover-image.js';
import { parseLabelList } from '../../domain/posts/label-list.js';
import { MAX_BODY_BYTES, MAX_SEARCH_DESCRIPTION, MAX_TITLE } from '../../domain/posts/post-content.js';
import type { EditorInput } from '../../domain/posts/post-editor.service.js';
import { SAVE_ACTIONS } from '../../domain/posts/save-action.js';
import { zonedInputToMs } from '../../domain/text/zoned-time.js';
import type { Services } from '../../services.js';
import { isId } from '../../storage/ids.js';
import { authorize, type BlogAccess } from './blog-access.js';
import { textField } from './forms.js';

/** The editor's fields; `action` is the save button pressed. */
export const editorFields = z.object({
  title: textField('The title', MAX_TITLE),
  body: textField('The body', MAX_BODY_BYTES),
  format: z.enum(['html', 'markdown'], { error: 'The body is HTML or Markdown.' }).optional().default('html'),
  labels: textField('Labels', 10_000),
  slug: textField('The permalink', 200),
  publishedAt: textField('The publish date', 40),
  searchDescription: textField('The search description', MAX_SEARCH_DESCRIPTION),
  commentsSetting: z
    .enum(['allow', 'closed-show', 'closed-hide'], { error: 'Please choose a reader comments setting.' })
    .optional()
    .default('allow'),
  authorId: textField('The author', 20),
  mailMode: z
    .enum(['blog-and-mail', 'blog-only'], { error: 'Please choose whether subscribers get the post by e-mail.' })
    .optional()
    .default('blog-and-mail'),
  // Absent (a form without the cover field) leaves the post's cover as it is; '' removes it.
  coverImageUrl: z
    .string({ error: 'The cover image: please send one address.' })
    .max(MAX_COVER_URL, 'The cover image address is too long.')
    .optional(),
  coverImageAlt: textField('The cover image’s alt text', MAX_COVER_ALT),
});

export const editorForm = editorFields.extend({
  action: z.enum(SAVE_ACTIONS, { error: 'Please use one of the save buttons.' }),
});

export type EditorFields = z.output<typeof editorFields>;

/** Turns the form into editor input; the author is checked to be a member, and only admins may change it. */
export async function editorInput(
  services: Pick<Services, 'members'>,
  access: BlogAccess,
  form: EditorFields,
  currentAuthorId: string | null,
): Promise<EditorInput> {
  let publishedAt: number | undefined;
  if (form.publishedAt.trim() !== '') {
    publishedAt = zonedInputToMs(form.publishedAt, access.blog.time_zone);
    if (publishedAt === undefined)
      throw new InvalidInputError('The publish date is not a date and time such as 2026-11-20T09:30.', 'publishedAt');
  }
  const wanted = form.authorId && isId(form.authorId) ? form.authorId : (currentAuthorId ?? access.actor.userId);
  if (wanted !== (currentAuthorId ?? access.actor.userId)) authorize(canChangeAuthor(access.actor), 'Only an admin may change the author.');
  const author = await services.members.member(access.blog.id, wanted);
  if (!author) throw new InvalidInputError('The author must be a member of this blog.', 'authorId');
  return {
    title: form.title,
    body: form.body,
    format: form.format,
    labels: parseLabelList(form.labels),
    slug: form.slug.trim(),
    publishedAt,
    searchDescription: form.searchDescription,
    commentsSetting: form.commentsSetting,
    mailMode: form.mailMode,
    author,
    role: access.actor.role,
    cover: form.coverImageUrl === undefined ? undefined : { url: form.coverImageUrl, alt: form.coverImageAlt },
  };
}
