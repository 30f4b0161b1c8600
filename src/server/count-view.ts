/**
 * Hands a page view to the view counter with what it needs from the request. The page never waits:
 * the counter decides at once (a hash and a map update), or beside the response when it has to ask
 * (the member lookup, Redis).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CountResult, ViewCounter } from '../domain/stats/view-counter.js';
import type { BlogRow } from '../storage/schema.js';
import { SESSION_COOKIE } from './auth/session-cookie.js';

/** What counting needs of a request: a Fastify request, or a raw one answered from the cache (cache-hits.ts). */
export interface ViewRequest {
  method: string;
  headers: IncomingHttpHeaders;
  /** The client's address (the proxy's client when TRUST_PROXY is set). */
  ip: string;
  cookies?: Record<string, string | undefined>;
}

function header(request: ViewRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Counts the request as a view of `postId` if it is a reader's; `referrer` overrides the Referer header. */
export function countView(
  request: ViewRequest,
  counter: ViewCounter,
  blog: Pick<BlogRow, 'id' | 'time_zone'>,
  postId: string,
  referrer = header(request, 'referer'),
): CountResult | Promise<CountResult> {
  return counter.count({
    blogId: blog.id,
    timeZone: blog.time_zone,
    postId,
    method: request.method,
    userAgent: header(request, 'user-agent'),
    purpose: header(request, 'sec-purpose') ?? header(request, 'purpose'),
    referrer,
    host: header(request, 'host'),
    address: request.ip,
    sessionToken: request.cookies?.[SESSION_COOKIE],
  });
}
