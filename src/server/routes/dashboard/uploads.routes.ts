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
import { AppError, InvalidInputError, NotFoundError } from '../../../domain/errors.js';
import { canCreate } from '../../../domain/policies/post.policy.js';
import { signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { mayReadPrivate } from '../../private-blog.js';

const FILE = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function registerUploadRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'images' | 'uploadsDir' | 'sessions'> & { uploadMaxBytes: number },
): Promise<void> {
  const { services } = deps;
  const megabytes = Math.round(deps.uploadMaxBytes / (1024 * 1024));
  await app.register(multipart, { limits: { fileSize: deps.uploadMaxBytes, files: 1, fields: 5, parts: 6 } });

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/uploads', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canCreate(access.actor, 'post'));
    if (!request.isMultipart()) throw new InvalidInputError('Please send the image as a file upload (multipart/form-data).', 'file');
    let bytes: Buffer;
    let name = '';
    try {
      const file = await request.file();
      if (!file) throw new InvalidInputError('No file was sent.', 'file');
      name = file.filename;
      bytes = await file.toBuffer();
    } catch (error) {
      if (error instanceof AppError) throw error;
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
        throw new AppError(413, 'too_large', `The image is larger than ${megabytes} MB. Please make it smaller and try again.`);
      }
      throw new InvalidInputError('The upload could not be read. Please try again.', 'file');
    }
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
