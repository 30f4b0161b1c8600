/**
 * Image uploads from the editor (button, drag-and-drop or paste): one multipart file, checked and
 * copied by the image service (the files are served by ../upload-files.routes.ts).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { canCreate } from '../../../domain/policies/post.policy.js';
import { signedIn, type AdminDeps, type BlogPage } from '../../dashboard-helpers/admin-page.js';
import { authorize, blogAccess } from '../../dashboard-helpers/blog-access.js';
import { readImageUpload } from '../../dashboard-helpers/image-upload.js';

export async function registerUploadRoutes(
  app: FastifyInstance,
  deps: AdminDeps<BlogPage | 'media' | 'sessions'> & { uploadMaxBytes: number },
): Promise<void> {
  const { services } = deps;
  await app.register(multipart, { limits: { fileSize: deps.uploadMaxBytes, files: 1, fields: 5, parts: 6 } });

  app.post<{ Params: { blog: string } }>('/admin/blogs/:blog/uploads', { preHandler: signedIn }, async (request, reply) => {
    const access = await blogAccess(request, services, request.params.blog);
    authorize(canCreate(access.actor, 'post'));
    const { bytes, name } = await readImageUpload(request, { maxBytes: deps.uploadMaxBytes });
    const image = await services.media.upload(access.blog.id, access.actor.userId, bytes, name);
    return reply.code(201).send(image);
  });
}
