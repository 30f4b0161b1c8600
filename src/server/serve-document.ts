/**
 * Sends a generated public document (a feed, the sitemap, robots.txt) with the same HTTP caching as
 * pages: an `ETag` of the bytes, `Last-Modified` from the blog's content version, 304 when the client
 * already has it, and `Cache-Control` that lets a CDN keep it briefly.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from './page-cache.js';
import { utf8Bytes } from './utf8.js';
import { isNotModified, PUBLIC_CACHE_CONTROL } from './serve-page.js';

export interface PublicDocument {
  body: string;
  contentType: string;
  /** When the content last changed (milliseconds); HTTP dates keep whole seconds. */
  lastModified: number;
}

export function sendDocument(request: FastifyRequest, reply: FastifyReply, doc: PublicDocument): FastifyReply {
  const body = utf8Bytes(doc.body);
  const etag = etagOf(body);
  const lastModified = Math.floor(doc.lastModified / 1000) * 1000;
  reply
    .type(doc.contentType)
    .header('cache-control', PUBLIC_CACHE_CONTROL)
    .header('etag', etag)
    .header('last-modified', new Date(lastModified).toUTCString())
    .header('vary', 'Accept-Encoding');
  if (isNotModified(request, etag, lastModified)) return reply.code(304).send();
  return reply.send(body);
}
