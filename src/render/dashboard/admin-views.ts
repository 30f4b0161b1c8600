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
import { LiquidCompiler, type CompiledTemplate } from '../liquid-compiler.js';
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

/** The scripts of single screens, bundled by scripts/build-editor.mjs: the Theme screen's colours, the theme file page's code editor, the moderation queue's "select all". */
export const SCREEN_SCRIPTS = ['theme', 'code', 'queue'] as const;
export type ScreenScript = (typeof SCREEN_SCRIPTS)[number];

/**
 * A built script: its file, its cache-busting address and its content's digest. The bytes are not held
 * (the editor's and the code editor's are ~0.5 MB each, for a screen few requests open, and cached by
 * browsers for good): they are read from the file when asked for.
 */
export interface BuiltScript {
  file: string;
  path: string;
  /** SHA-1 of the content, base64url. */
  digest: string;
}

function builtScript(file: string, url: string): BuiltScript | null {
  if (!existsSync(file)) return null;
  const hash = createHash('sha1').update(readFileSync(file));
  const digest = hash.copy().digest('base64url');
  return { file, path: `${url}?v=${hash.digest('hex').slice(0, 10)}`, digest };
}

/** A built screen script, or nothing when it has not been built. */
function loadScreenScript(name: ScreenScript): BuiltScript | null {
  return builtScript(path.resolve(DASHBOARD_DIR, `../public/dashboard/${name}.js`), `/admin/static/${name}.js`);
}

export class AdminViews {
  private readonly engine: Liquid;
  readonly css: string;
  readonly cssPath: string;
  /** The stylesheet of the banner on a preview (render/dashboard/preview-banner.ts). */
  readonly previewCss: string;
  readonly previewCssPath: string;
  /** The rich editor's script, when it has been built; the editor form works without it. */
  readonly editorScript: BuiltScript | null;
  /** The Layout screen's script (moving gadgets in the page, uploading an Image gadget's file). */
  readonly layoutJs: string;
  readonly layoutPath: string;
  /** The Theme page's script (the live preview that follows the colours and fonts form). */
  readonly themePreviewJs: string;
  readonly themePreviewPath: string;
  /** Screen scripts by name (the pages work without them). */
  readonly screenScripts = new Map(SCREEN_SCRIPTS.map((name) => [name, loadScreenScript(name)]));

  /** The templates compiled to JavaScript (liquid-compiler.ts), or null for one the compiler leaves to LiquidJS. */
  private readonly compiled = new Map<string, CompiledTemplate | null>();
  private readonly compiler: LiquidCompiler | null;

  /** `compile: false` renders every template through LiquidJS (a test compares the two). */
  constructor(dir = DASHBOARD_DIR, options: { compile?: boolean } = {}) {
    const root = path.join(dir, 'templates');
    this.engine = safeLiquid(root);
    this.compiler = (options.compile ?? true) ? new LiquidCompiler(this.engine) : null;
    this.css = readFileSync(path.join(dir, 'static', 'admin.css'), 'utf8');
    this.cssPath = `/admin/static/admin.css?v=${createHash('sha1').update(this.css).digest('hex').slice(0, 10)}`;
    this.previewCss = readFileSync(path.join(dir, 'static', 'preview.css'), 'utf8');
    this.previewCssPath = `/admin/static/preview.css?v=${createHash('sha1').update(this.previewCss).digest('hex').slice(0, 10)}`;
    this.layoutJs = readFileSync(path.join(dir, 'static', 'layout.js'), 'utf8');
    this.layoutPath = `/admin/static/layout.js?v=${createHash('sha1').update(this.layoutJs).digest('hex').slice(0, 10)}`;
    this.themePreviewJs = readFileSync(path.join(dir, 'static', 'theme-preview.js'), 'utf8');
    this.themePreviewPath = `/admin/static/theme-preview.js?v=${createHash('sha1').update(this.themePreviewJs).digest('hex').slice(0, 10)}`;
    this.editorScript = builtScript(EDITOR_BUNDLE, '/admin/static/editor.js');
  }

  /** The address of a screen's script, or null when it has not been built. */
  scriptPath(name: ScreenScript): string | null {
    return this.screenScripts.get(name)?.path ?? null;
  }

  /**
   * Renders a dashboard page: `template` names a file in dashboard/templates. Compiled to JavaScript
   * like the bundled themes (LiquidJS's interpreter was most of a dashboard page's time: a settings page's
   * 500 time zones, every page's menus), else through LiquidJS synchronously: no tag or filter of the
   * dashboard waits on anything (docs/performance.md, "What a dashboard page costs").
   */
  render(template: string, model: AdminPageBase & Record<string, unknown>, texts: Texts = textsFor('en')): Promise<string> {
    const ui = { lang: texts.locale, dir: isRightToLeft(texts.locale) ? 'rtl' : 'ltr' };
    const page = { ...model, ui, assets: { css: this.cssPath, editor: this.editorScript?.path ?? null } };
    const globals = textGlobals(texts);
    let run = this.compiled.get(template);
    if (run === undefined && this.compiler) this.compiled.set(template, (run = this.compiler.compile(template)));
    return Promise.resolve(run ? run(page, globals) : (this.engine.renderFileSync(template, page, { globals }) as string));
  }
}
