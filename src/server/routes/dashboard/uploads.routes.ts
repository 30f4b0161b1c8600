/**
 * Image uploads from the editor (button, drag-and-drop or paste): one multipart file, checked and
 * copied by the image service; and serving uploads on every blog's host with a year-long cache (an
 * upload's path never names different bytes).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../../domain/errors.js';
import { canCreate } from '../../../domain/policies/post.policy.js';
import { signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { readImageUpload } from '../../dashboard-helpers/image-upload.js';
import { mayReadPrivate } from '../../private-blog.js';

const FILE = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function registerUploadRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'images' | 'uploadsDir' | 'sessions'> & { uploadMaxBytes: number },
): Promise<void> {
  const { services } = deps;
  await app.register(multipart, { limits: { fileSize: deps.uploadMaxBytes, files: 1, fields: 5, parts: 6 } });

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/uploads', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canCreate(access.actor, 'post'));
    const { bytes, name } = await readImageUpload(request, { maxBytes: deps.uploadMaxBytes });
    const image = await services.images.store(access.blog.id, bytes);
    const alt = path
      .parse(name)
      .name.replace(/[-_]+/g, ' ')
      .replace(/[\u0000-\u001F\u007F]/g, '')
      .trim()
      .slice(0, 200);
    return reply.code(201).send({ ...image, alt });
  });

  app.get('/uploads/*', async (request, reply) => {
    const m = FILE.exec(request.url.split('?')[0]!);
    if (!m) throw new NotFoundError('There is no such file.');
    // Uploads answer on every host: a private blog's only to its readers and members, whatever the host.
    const owner = await services.blogs.findById(m[1]!);
    if (owner?.visibility === 'private') {
      request.privateAnswer = true;
      if (!(await mayReadPrivate(request, reply, services, owner))) throw new NotFoundError('There is no such file.');
    }
    const file = path.join(services.uploadsDir, m[1]!, m[2]!, `${m[3]}.${m[4]}`);
    let info = await stat(file).catch(() => undefined);
    // A smaller WebP copy a theme asks for is made the first time it is asked for.
    if (!info && m[4] === 'webp' && (await services.images.variants.ensure(m[1]!, m[2]!, Number(m[3])))) {
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) throw new NotFoundError('There is no such file.');
    return reply
      .type(TYPES[m[4]!]!)
      .header('cache-control', request.privateAnswer ? 'private, no-store' : 'public, max-age=31536000, immutable')
      .header('content-length', info.size)
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(file));
  });
}
