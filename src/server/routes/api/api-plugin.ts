/**
 * The Blogger API v3 under `/v3/` on every host: bearer tokens, Google's error envelope, per-token rate
 * limits, `fields=` partial answers and `ETag`/`If-None-Match`. The API never reads the dashboard's
 * session cookie, so a browser's session cannot be ridden by another site (no CSRF surface).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { createHash } from 'node:crypto';
import { AppError, UnauthorizedError } from '../../../domain/errors.js';
import type { ApiCaller } from '../../../domain/api/api-access.js';
import type { ApiGrant } from '../../../domain/api/api-token.service.js';
import type { BlogService } from '../../../domain/blogs/blog.service.js';
import type { BlogRow } from '../../../storage/schema.js';
import type { ApiLinks } from '../../../render/api/blogger-json.js';
import { parseFields, selectFields } from '../../../render/api/partial-fields.js';

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller: ApiCaller;
  }
}

const REASONS: Record<number, string> = {
  400: 'invalid',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  405: 'httpMethodNotAllowed',
  409: 'conflict',
  413: 'uploadTooLarge',
  415: 'unsupportedMediaType',
  429: 'rateLimitExceeded',
  503: 'backendError',
};

/** Google's error envelope: `{error:{code,message,errors:[{domain,reason,message}]}}`. */
export function sendApiError(reply: FastifyReply, code: number, message: string, location?: string): FastifyReply {
  const reason = REASONS[code] ?? (code >= 500 ? 'backendError' : 'invalid');
  const detail = {
    domain: code === 429 ? 'usageLimits' : 'global',
    reason,
    message,
    ...(location ? { locationType: 'parameter', location } : {}),
  };
  if (code === 401) reply.header('www-authenticate', 'Bearer realm="Dastan", error="invalid_token"');
  return reply
    .code(code)
    .header('cache-control', 'no-store')
    .type('application/json; charset=UTF-8')
    .send({ error: { code, message, errors: [detail], status: statusName(code) } });
}

function statusName(code: number): string {
  const names: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    409: 'ABORTED',
    429: 'RESOURCE_EXHAUSTED',
  };
  return names[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string' && /^Bearer\s+/i.test(header)) return header.replace(/^Bearer\s+/i, '').trim();
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.access_token === 'string' ? query.access_token : undefined;
}

export interface ApiPluginDeps {
  /** The grant of a bearer token (a personal token or an OAuth access token), or undefined. */
  verifyBearer: (token: string) => Promise<ApiGrant | undefined>;
  blogs: BlogService;
  /** Requests a minute per token (or per client address without one). */
  rateLimit: number;
}

/** Links of answers: the API's own origin, and a blog's home as the request's scheme and port reach it. */
export function apiLinks(request: FastifyRequest, blogs: BlogService): ApiLinks {
  const protocol = request.protocol === 'https' ? 'https' : 'http';
  const hostPort = /:(\d+)$/.exec(request.headers.host ?? '')?.[1] ?? '';
  const port = hostPort === (protocol === 'https' ? '443' : '80') ? '' : hostPort;
  return {
    apiRoot: `${protocol}://${request.headers.host ?? 'localhost'}`,
    home: (blog: BlogRow) => blogs.homeUrl(blog, { protocol, port }),
  };
}

/** Sends `body` with an ETag (304 when the client has it) after applying `fields=`. */
export function sendApi(request: FastifyRequest, reply: FastifyReply, body: object): FastifyReply {
  const fields = (request.query as Record<string, unknown>).fields;
  const shaped = typeof fields === 'string' && fields !== '' ? selectFields(body, parseFields(fields)) : body;
  const json = JSON.stringify(shaped);
  const etag = `"${createHash('sha1').update(json).digest('base64url')}"`;
  reply.header('etag', etag).header('cache-control', 'private, max-age=0, must-revalidate').header('vary', 'Authorization');
  const match = request.headers['if-none-match'];
  if (request.method === 'GET' && typeof match === 'string' && match.split(',').some((t) => t.trim() === etag))
    return reply.code(304).send();
  return reply.type('application/json; charset=UTF-8').send(json);
}

/** Registers the API's hooks, error handler and limits on an encapsulated instance (prefix `/v3`). */
export async function registerApiBase(api: FastifyInstance, deps: ApiPluginDeps): Promise<void> {
  api.decorateRequest('apiCaller', null as unknown as ApiCaller);
  api.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    if (error instanceof AppError) return sendApiError(reply, error.status, error.message, (error as { field?: string }).field);
    const status = (error as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      const message = status === 413 ? 'The request body is too large.' : error.message || 'The request was not understood.';
      return sendApiError(reply, status, message);
    }
    request.log.error({ err: error }, 'API request failed');
    return sendApiError(reply, 500, 'Something went wrong on our side. Please try again in a moment.');
  });
  // CORS, as Google's API answers it: any origin may call with a token, since no cookie is ever read.
  api.addHook('onSend', async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin === 'string') reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'ETag');
  });
  api.options('/*', async (_request, reply) =>
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE')
      .header('access-control-allow-headers', 'Authorization, Content-Type, If-None-Match')
      .header('access-control-max-age', '86400')
      .send(),
  );
  api.setNotFoundHandler((_request, reply) =>
    sendApiError(reply, 404, 'There is no such API method. Check the path against the Blogger API v3 reference.'),
  );
  api.addHook('onRequest', async (request) => {
    const token = bearerOf(request);
    if (token === undefined) {
      request.apiCaller = { grant: null };
      return;
    }
    const grant = await deps.verifyBearer(token);
    if (!grant) throw new UnauthorizedError('The token is not valid: it is unknown, revoked or expired.');
    request.apiCaller = { grant };
  });
  await api.register(rateLimit, {
    max: deps.rateLimit,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const token = bearerOf(request);
      return token ? `t:${createHash('sha256').update(token).digest('hex')}` : `a:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => {
      const error = new AppError(
        429,
        'rate_limited',
        `Too many requests for this token: at most ${context.max} a minute. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
      );
      return error;
    },
  });
}
