/**
 * Uploaded pictures, served on every blog's host with a year-long cache (an upload's path never names
 * different bytes); a private blog's only to its readers and members.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../domain/errors.js';
import { mayReadPrivate } from '../private-blog.js';
import type { Services } from '../../services.js';

const FILE = /^\/uploads\/(\d{1,19})\/(\d{1,19})\/(\d{1,5})\.(jpg|png|webp|avif)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', avif: 'image/avif' };

export function registerUploadFileRoutes(
  app: FastifyInstance,
  { services }: { services: Pick<Services, 'blogs' | 'images' | 'uploadsDir' | 'sessions' | 'members'> },
): void {
  app.get('/uploads/*', async (request, reply) => {
    const m = FILE.exec(request.url.split('?')[0]!);
    if (!m) throw new NotFoundError('There is no such file.');
    // Uploads answer on every host: a private blog's only to its readers and members, whatever the host.
    const owner = await services.blogs.findById(m[1]!);
    if (owner?.visibility === 'private') {
      request.privateAnswer = true;
      if (!(await mayReadPrivate(request, reply, services, owner))) throw new NotFoundError('There is no such file.');
    }
    const copy = await copyToSend(services, m[1]!, m[2]!, Number(m[3]), m[4]!);
    const info = copy && (await stat(copy.file).catch(() => undefined));
    if (!copy || !info?.isFile()) throw new NotFoundError('There is no such file.');
    // A stand-in (the WebP copy while the AVIF one is made) is cached briefly, so the AVIF one follows.
    const cache = request.privateAnswer ? 'private, no-store' : copy.asked ? 'public, max-age=31536000, immutable' : 'public, max-age=60';
    return reply
      .type(TYPES[copy.format]!)
      .header('cache-control', cache)
      .header('content-length', info.size)
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(copy.file));
  });
}

/** The file to send for an upload's address: the JPEG/PNG as stored, or a WebP/AVIF copy (image-variants.ts). */
async function copyToSend(services: Pick<Services, 'uploadsDir' | 'images'>, blogId: string, imageId: string, width: number, ext: string) {
  if (ext === 'webp' || ext === 'avif') return services.images.variants.copyFor(blogId, imageId, width, ext);
  return { file: path.join(services.uploadsDir, blogId, imageId, `${width}.${ext}`), format: ext, asked: true };
}
