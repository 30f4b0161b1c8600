/**
 * Exporting a blog from the dashboard (owner and admins): the chosen format is streamed to the
 * browser as a download while it is written, so memory stays bounded however large the blog. A POST
 * with the form token: the file holds drafts and commenters' addresses, so no link may start it.
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { canExport } from '../../../domain/policies/migration.policy.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../../exporters/export.service.js';
import { signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { parseForm } from '../../dashboard-helpers/forms.js';

const exportForm = z.object({
  format: z.enum(EXPORT_FORMATS, { error: 'Please choose a format: Blogger, WordPress (WXR) or Dastan JSON.' }),
});

const FILES: Record<ExportFormat, { type: string; extension: string }> = {
  blogger: { type: 'application/atom+xml; charset=utf-8', extension: 'xml' },
  wxr: { type: 'application/rss+xml; charset=utf-8', extension: 'xml' },
  json: { type: 'application/json; charset=utf-8', extension: 'json' },
};

export function registerExportRoutes(app: FastifyInstance, deps: AdminDeps<BlogPage | 'exporter'>): void {
  const { services } = deps;

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/export', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canExport(access.actor));
    const { format } = parseForm(exportForm, request.body);
    const file = FILES[format];
    const day = new Date().toISOString().slice(0, 10);
    const out = new PassThrough();
    // The export writes as the browser reads; a browser that goes away ends the stream, and the export with it.
    services.exporter.export(out, { blogId: access.blog.id, format }).then(
      () => out.end(),
      (error: unknown) => {
        request.log.error({ err: error }, 'export failed');
        out.destroy(error as Error);
      },
    );
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${access.blog.name}-${format}-${day}.${file.extension}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(out);
  });
}
