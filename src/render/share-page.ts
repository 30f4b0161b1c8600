/**
 * The page behind the "Mastodon" share link: asks which server the reader uses, then offers the link
 * to share the post there. In the blog's own theme, like the comment notices.
 */
import { blogView, headView, type SiteContext } from './presenters/site.js';
import type { ThemeSource } from './themes/theme-registry.js';
import { blogTexts } from './i18n/blog-texts.js';

export interface SharePageModel {
  url: string;
  title: string;
  instance: string;
  error: string | null;
  /** Set once the server is known: the address to share on it. */
  shareUrl: string | null;
}

const SHARE_PAGE = `{% layout 'layout' %}
{% block content %}
<article class="share-page">
  <h1 class="page-heading">{{ "sharePage.title" | t }}</h1>
  <p>{{ "list.quoted" | t: name: share.title }}</p>
  {%- if share.shareUrl %}
  <p><a class="button button-primary" href="{{ share.shareUrl }}" rel="nofollow noopener">{{ "sharePage.shareOn" | t: server: share.instance }}</a></p>
  {%- else %}
  <form method="get" action="/share" class="comment-form">
    <input type="hidden" name="url" value="{{ share.url }}">
    <input type="hidden" name="title" value="{{ share.title }}">
    <p class="field"><label for="share-instance">{{ "sharePage.server" | t: example: "mastodon.social" }}</label>
      <input id="share-instance" name="instance" value="{{ share.instance }}" required maxlength="253" autocomplete="url"{% if share.error %} aria-invalid="true" aria-describedby="share-error"{% endif %}></p>
    {%- if share.error %}
    <p id="share-error" role="alert"><strong>{{ share.error }}</strong></p>
    {%- endif %}
    <p class="form-actions"><button type="submit" class="button button-primary">{{ "sharePage.continue" | t }}</button></p>
  </form>
  {%- endif %}
  <p><a href="{{ share.url }}">{{ "sharePage.back" | t }}</a></p>
</article>
{% endblock %}
`;

export class SharePages {
  constructor(private readonly themes: ThemeSource) {}

  async render(ctx: SiteContext, share: SharePageModel): Promise<string> {
    const { theme, cssPath } = await this.themes.forBlog(ctx.blog);
    const texts = blogTexts(ctx.blog);
    return theme.renderSource(
      SHARE_PAGE,
      {
        blog: blogView(ctx),
        assets: { css: cssPath },
        sidebarHtml: null,
        head: headView(ctx, { title: texts.text('sharePage.title'), path: '/share', kind: 'missing' }),
        share,
      },
      texts,
    );
  }
}
