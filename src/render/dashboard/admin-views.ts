/**
 * The dashboard's pages: LiquidJS templates in `dashboard/templates`, rendered with the same escaping as
 * the themes (every value escaped unless it is sanitizer-made SafeHtml), and its stylesheet. `t` prints in
 * the signed-in user's language (their choice on the account page), English otherwise.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Liquid } from 'liquidjs';
import { safeLiquid } from '../theme.js';
import { textGlobals } from '../i18n/liquid-filter.js';
import { textsFor, type Texts } from '../i18n/translate.js';
import { isRightToLeft } from '../../domain/text/direction.js';
import { PACKAGE_ROOT } from '../../package-root.js';

/** The folder with the dashboard's templates and static files. */
export const DASHBOARD_DIR = path.join(PACKAGE_ROOT, 'dashboard');

export interface AdminPageBase {
  /** The page's title (also its h1). */
  title: string;
  /** The token every form on the page sends back. */
  csrf: string;
  user: { name: string; email: string } | null;
  /** A short confirmation shown at the top ("Saved."). */
  notice?: string | null;
  /** What went wrong with the form just sent. */
  error?: string | null;
  /** The blog the page is about, for the blog menu. */
  blog?: { name: string; title: string; role: string; home: string } | null;
}

/** Where `npm run build` puts the rich editor's bundle. */
export const EDITOR_BUNDLE = path.resolve(DASHBOARD_DIR, '../public/dashboard/editor.js');

/** The scripts of single screens, bundled by scripts/build-editor.mjs: the Theme screen's colours. */
export const SCREEN_SCRIPTS = ['theme'] as const;
export type ScreenScript = (typeof SCREEN_SCRIPTS)[number];

/** A built screen script and its cache-busting address, or nothing when it has not been built. */
function loadScreenScript(name: ScreenScript): { body: string; path: string } | null {
  const file = path.resolve(DASHBOARD_DIR, `../public/dashboard/${name}.js`);
  if (!existsSync(file)) return null;
  const body = readFileSync(file, 'utf8');
  return { body, path: `/admin/static/${name}.js?v=${createHash('sha1').update(body).digest('hex').slice(0, 10)}` };
}

export class AdminViews {
  private readonly engine: Liquid;
  readonly css: string;
  readonly cssPath: string;
  /** The stylesheet of the banner on a preview (render/dashboard/preview-banner.ts). */
  readonly previewCss: string;
  readonly previewCssPath: string;
  /** The rich editor's script, when it has been built; the editor form works without it. */
  readonly editorJs: string | null;
  readonly editorPath: string | null;
  /** The Layout screen's script (moving gadgets in the page, uploading an Image gadget's file). */
  readonly layoutJs: string;
  readonly layoutPath: string;
  /** Screen scripts by name (the pages work without them). */
  readonly screenScripts = new Map(SCREEN_SCRIPTS.map((name) => [name, loadScreenScript(name)]));

  constructor(dir = DASHBOARD_DIR) {
    const root = path.join(dir, 'templates');
    this.engine = safeLiquid(root);
    this.css = readFileSync(path.join(dir, 'static', 'admin.css'), 'utf8');
    this.cssPath = `/admin/static/admin.css?v=${createHash('sha1').update(this.css).digest('hex').slice(0, 10)}`;
    this.previewCss = readFileSync(path.join(dir, 'static', 'preview.css'), 'utf8');
    this.previewCssPath = `/admin/static/preview.css?v=${createHash('sha1').update(this.previewCss).digest('hex').slice(0, 10)}`;
    this.layoutJs = readFileSync(path.join(dir, 'static', 'layout.js'), 'utf8');
    this.layoutPath = `/admin/static/layout.js?v=${createHash('sha1').update(this.layoutJs).digest('hex').slice(0, 10)}`;
    this.editorJs = existsSync(EDITOR_BUNDLE) ? readFileSync(EDITOR_BUNDLE, 'utf8') : null;
    this.editorPath = this.editorJs
      ? `/admin/static/editor.js?v=${createHash('sha1').update(this.editorJs).digest('hex').slice(0, 10)}`
      : null;
  }

  /** The address of a screen's script, or null when it has not been built. */
  scriptPath(name: ScreenScript): string | null {
    return this.screenScripts.get(name)?.path ?? null;
  }

  /** Renders a dashboard page: `template` names a file in dashboard/templates. */
  render(template: string, model: AdminPageBase & Record<string, unknown>, texts: Texts = textsFor('en')): Promise<string> {
    const ui = { lang: texts.locale, dir: isRightToLeft(texts.locale) ? 'rtl' : 'ltr' };
    return this.engine.renderFile(
      template,
      { ...model, ui, assets: { css: this.cssPath, editor: this.editorPath } },
      { globals: textGlobals(texts) },
    );
  }
}
