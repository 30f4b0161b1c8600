/**
 * The dashboard, mounted in this one place: the dashboard's static files and every `/admin` route (the route modules beside this file; their shared helpers are in
 * `server/dashboard-helpers`, their templates in the top-level `dashboard/templates`). Each route file
 * is a short chain: guard → validate → authorize → one domain call → present.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../../services.js';
import { AdminViews, type BuiltScript } from '../../../render/dashboard/admin-views.js';
import type { Csrf } from '../../auth/csrf.js';
import { etagOf } from '../../page-cache.js';
import type { AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { registerDashboardNotFound, sendDashboardError } from '../../dashboard-helpers/error-pages.js';
import { registerAccountRoutes } from './account.routes.js';
import { registerApiTokenRoutes } from './api-tokens.routes.js';
import { registerSetupRoutes } from './setup.routes.js';
import { registerHomeRoutes } from './home.routes.js';
import { registerOverviewRoutes } from './overview.routes.js';
import { registerPostListRoutes } from './post-list.routes.js';
import { registerPostEditorRoutes } from './post-editor.routes.js';
import { registerTrashRoutes } from './trash.routes.js';
import { registerRevisionRoutes } from './revisions.routes.js';
import { registerSettingsRoutes } from './settings.routes.js';
import { registerMemberRoutes } from './members.routes.js';
import { registerInviteRoutes } from './invite.routes.js';
import { registerPostDraftRoutes } from './post-drafts.routes.js';
import { registerUploadRoutes } from './uploads.routes.js';
import { registerBlogOptionRoutes } from './blog-options.routes.js';
import { registerCommentSettingsRoutes } from './comment-settings.routes.js';
import { registerCommentQueueRoutes } from './comments.routes.js';
import { registerInboxRoutes } from './inbox.routes.js';
import { registerRedirectRoutes } from './redirects.routes.js';
import { registerMediaRoutes } from './media.routes.js';
import { registerStatsRoutes } from './stats.routes.js';
import { registerImportRoutes } from './import.routes.js';
import { registerExportRoutes } from './export.routes.js';
import { PageRenderer } from '../../../render/pages.js';
import type { ThemeRegistry } from '../../../render/themes/theme-registry.js';
import { registerThemeRoutes } from './theme.routes.js';
import { registerJobRoutes } from './jobs.routes.js';
import { registerSubscriberRoutes } from './subscribers.routes.js';
import { registerWebhookRoutes } from './webhooks.routes.js';
import { registerOAuthConsentRoutes } from './oauth-consent.routes.js';
import { registerOAuthAppRoutes } from './oauth-apps.routes.js';
import { registerLayoutRoutes } from './layout.routes.js';

export interface DashboardOptions {
  /** The forms' CSRF tokens (the app's one, shared with the comment forms). */
  csrf: Csrf;
  baseDomain?: string;
  /** The blogs' themes: previews render in each blog's own. */
  themes: ThemeRegistry;
  /** The largest image upload, in bytes (default 10 MB). */
  uploadMaxBytes?: number;
  /** The largest export file the import form takes, in bytes (default 512 MB). */
  importMaxBytes?: number;
}

/**
 * Every `/admin` route on `app`, an app of the dashboard's own (server/on-first-use.ts) whose cookies,
 * sessions and CSRF check are already registered (server/app-base.ts).
 */
export async function registerDashboard(app: FastifyInstance, services: Services, options: DashboardOptions): Promise<void> {
  // The one place that holds every service; each route module below is typed to receive only its own.
  const deps: AdminDeps<keyof Services> = { services, views: new AdminViews(), csrf: options.csrf };

  /** A file of the dashboard's own, cached for good (its address carries a hash of its content). */
  const serveAsset = (url: string, type: string, body: string) => {
    const etag = etagOf(body);
    app.get(url, async (_request, reply) =>
      reply.type(type).header('cache-control', 'public, max-age=31536000, immutable').header('etag', etag).send(body),
    );
  };
  /** The same for a built script, read from its file on each request (browsers keep it for good). */
  const serveScript = (url: string, script: BuiltScript) => {
    const etag = `W/"${script.digest.slice(0, 22)}"`;
    app.get(url, async (_request, reply) =>
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('etag', etag)
        .send(await readFile(script.file)),
    );
  };
  serveAsset('/admin/static/admin.css', 'text/css; charset=utf-8', deps.views.css);
  serveAsset('/admin/static/preview.css', 'text/css; charset=utf-8', deps.views.previewCss);
  serveAsset('/admin/static/layout.js', 'text/javascript; charset=utf-8', deps.views.layoutJs);
  serveAsset('/admin/static/theme-preview.js', 'text/javascript; charset=utf-8', deps.views.themePreviewJs);
  if (deps.views.editorScript) serveScript('/admin/static/editor.js', deps.views.editorScript);
  for (const [name, script] of deps.views.screenScripts) if (script) serveScript(`/admin/static/${name}.js`, script);

  app.dashboardErrorPage = (request, reply, status, message) => sendDashboardError(deps, request, reply, status, message);
  registerDashboardNotFound(app, deps);

  registerSetupRoutes(app, { ...deps, baseDomain: options.baseDomain ?? 'localhost' });
  registerAccountRoutes(app, deps);
  registerApiTokenRoutes(app, deps);
  registerHomeRoutes(app, deps);
  registerOverviewRoutes(app, deps);
  registerPostListRoutes(app, deps);
  registerPostEditorRoutes(app, deps);
  registerTrashRoutes(app, deps);
  registerRevisionRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerInviteRoutes(app, deps);
  registerBlogOptionRoutes(app, deps);
  registerPostDraftRoutes(app, { ...deps, pages: new PageRenderer(options.themes) });
  registerCommentSettingsRoutes(app, deps);
  registerCommentQueueRoutes(app, deps);
  registerInboxRoutes(app, deps);
  registerRedirectRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerStatsRoutes(app, deps);
  const uploadMaxBytes = options.uploadMaxBytes ?? 10 * 1024 * 1024;
  await registerUploadRoutes(app, { ...deps, uploadMaxBytes });
  // After the uploads: the Theme page's pictures are multipart forms too.
  registerThemeRoutes(app, { ...deps, themes: options.themes, uploadMaxBytes });
  registerImportRoutes(app, { ...deps, importMaxBytes: options.importMaxBytes ?? 512 * 1024 * 1024 });
  registerExportRoutes(app, deps);
  registerJobRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerOAuthConsentRoutes(app, deps);
  registerOAuthAppRoutes(app, deps);
  registerSubscriberRoutes(app, deps);
  registerLayoutRoutes(app, { ...deps, pages: new PageRenderer(options.themes) });
}
