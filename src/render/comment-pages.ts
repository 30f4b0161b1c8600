/**
 * The small pages of the comment form and its mail links, in the blog's own theme (its choice, edited
 * templates, colours and fonts): "awaiting moderation", "check and post" (the form's token had to be
 * fetched), the writer's edit and delete pages, and the confirm pages of one-click links. A theme with
 * no `comment-notice` template gets the notice below inside its own layout.
 */
import { commentHtmlFromText } from '../domain/comments/comment-text.js';
import { storedHtml, type SafeHtml } from '../domain/text/sanitize.js';
import { blogView, headView, type SiteContext } from './presenters/site.js';
import type { ThemeSource } from './themes/theme-registry.js';
import { blogTexts } from './i18n/blog-texts.js';
import { loadCommentsScript } from './comment-script.js';

export interface NoticeForm {
  action: string;
  button: string;
  fields: { name: string; value: string }[];
  /** The comment as it will look (the "check and post" page). */
  previewText?: string;
  /** A text box to fill in (the writer's edit page). */
  textarea?: { name: string; label: string; value: string; help?: string };
  /** One-line inputs (the subscribe page's e-mail address). */
  inputs?: { name: string; label: string; type: 'email' | 'text'; value: string; autocomplete: string }[];
  /** One choice among a few (every post or a weekly digest). */
  choice?: { name: string; legend: string; options: { value: string; label: string; checked: boolean }[] };
  /** A field people leave empty and form-filling robots fill in. */
  honeypot?: boolean;
  /** Sent in place by the comment script, which solves the proof of work (the subscribe form). */
  script?: boolean;
}

export interface Notice {
  title: string;
  lines: string[];
  /** Why the form sent last was not taken (shown above the form). */
  error?: string;
  link?: { url: string; text: string };
  form?: NoticeForm;
}

/** The notice for themes without a `comment-notice` template: the same parts, in the theme's layout. */
export const FALLBACK_NOTICE = `{% layout 'layout' %}
{% block content %}
<article class="comment-notice">
  <h1>{{ notice.title }}</h1>
  {%- for line in notice.lines %}
  <p>{{ line }}</p>
  {%- endfor %}
  {%- if notice.error %}
  <p role="alert"><strong>{{ notice.error }}</strong></p>
  {%- endif %}
  {%- if notice.form %}
  <form method="post" action="{{ notice.form.action }}" class="comment-form"{% if notice.form.script %} data-subscribe-form{% endif %}>
    {%- for field in notice.form.fields %}
    <input type="hidden" name="{{ field.name }}" value="{{ field.value }}">
    {%- endfor %}
    {%- if notice.form.preview %}
    <div class="comment-body">{{ notice.form.preview }}</div>
    {%- endif %}
    {%- for input in notice.form.inputs %}
    <p class="field"><label for="notice-{{ input.name }}">{{ input.label }}</label> <input id="notice-{{ input.name }}" name="{{ input.name }}" type="{{ input.type }}" value="{{ input.value }}" autocomplete="{{ input.autocomplete }}"{% if input.type == 'text' %} dir="auto"{% endif %} required></p>
    {%- endfor %}
    {%- if notice.form.choice %}
    <fieldset class="field"><legend>{{ notice.form.choice.legend }}</legend>
    {%- for option in notice.form.choice.options %}
      <label><input type="radio" name="{{ notice.form.choice.name }}" value="{{ option.value }}"{% if option.checked %} checked{% endif %}> {{ option.label }}</label>
    {%- endfor %}
    </fieldset>
    {%- endif %}
    {%- if notice.form.honeypot %}
    <div class="comment-hp" aria-hidden="true"><label for="notice-homepage">{{ "commentForm.honeypot" | t }}</label> <input id="notice-homepage" name="homepage" tabindex="-1" autocomplete="off"></div>
    {%- endif %}
    {%- if notice.form.textarea %}
    <p class="field"><label for="notice-text">{{ notice.form.textarea.label }}</label> <textarea id="notice-text" name="{{ notice.form.textarea.name }}" rows="8" dir="auto" required{% if notice.form.textarea.help %} aria-describedby="notice-text-help"{% endif %}>{{ notice.form.textarea.value }}</textarea></p>
    {%- if notice.form.textarea.help %}
    <p id="notice-text-help">{{ notice.form.textarea.help }}</p>
    {%- endif %}
    {%- endif %}
    <p><button type="submit">{{ notice.form.button }}</button></p>
    {%- if notice.form.script %}
    <p class="comment-status" data-form-status role="status" aria-live="polite"></p>
    {%- endif %}
  </form>
  {%- endif %}
  {%- if notice.link %}
  <p><a href="{{ notice.link.url }}">{{ notice.link.text }}</a></p>
  {%- endif %}
</article>
{%- if scripts.comments %}
<script type="module" src="{{ scripts.comments }}"></script>
{%- endif %}
{% endblock %}
`;

export class CommentPages {
  private readonly script = loadCommentsScript()?.path ?? null;

  constructor(private readonly themes: ThemeSource) {}

  async render(ctx: SiteContext, path: string, notice: Notice): Promise<string> {
    let preview: SafeHtml | null = null;
    if (notice.form?.previewText) {
      try {
        preview = storedHtml(commentHtmlFromText(notice.form.previewText));
      } catch {
        preview = null;
      }
    }
    const { theme, cssPath } = await this.themes.forBlog(ctx.blog);
    const model = {
      blog: blogView(ctx),
      assets: { css: cssPath },
      sidebarHtml: null,
      head: headView(ctx, { title: notice.title, path, kind: 'missing' }),
      notice: { error: null, ...notice, form: notice.form ? { textarea: null, script: false, ...notice.form, preview } : null },
      scripts: notice.form?.script && this.script ? { comments: this.script } : null,
    };
    const texts = blogTexts(ctx.blog);
    return theme.has('comment-notice') ? theme.render('comment-notice', model, texts) : theme.renderSource(FALLBACK_NOTICE, model, texts);
  }
}
