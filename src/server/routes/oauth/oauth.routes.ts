/**
 * The OAuth 2.0 / IndieAuth endpoints apps talk to, on every host of the install: the server's metadata
 * (RFC 8414, which IndieAuth clients find by the `indieauth-metadata` link), the authorization endpoint
 * (it hands the browser to the consent screen in the dashboard, and takes IndieAuth's profile-only code
 * redemption), the token endpoint and revocation (RFC 7009). These back-channel endpoints read no
 * cookie: a code with its PKCE verifier, a refresh token or an app's credentials are the authority, so
 * any site's app may call them (CORS), and no CSRF token could be had or would help.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { OAuthService, HttpAnswer } from '../../../domain/oauth/oauth.service.js';
import { SUPPORTED_SCOPES } from '../../../domain/oauth/oauth-scopes.js';

/** The issuer identifier: this host, as the request reached it. */
export function issuerOf(request: FastifyRequest): string {
  return `${request.protocol === 'https' ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`;
}

/** The metadata document (RFC 8414; IndieAuth §4.1.1). */
export function authorizationServerMetadata(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    scopes_supported: SUPPORTED_SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['none', 'client_secret_basic', 'client_secret_post'],
    authorization_response_iss_parameter_supported: true,
    service_documentation: `${issuer}/admin/account/apps`,
  };
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '86400',
};

function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply
    .code(answer.status)
    .headers({ ...answer.headers, pragma: 'no-cache', 'access-control-allow-origin': '*' })
    .type('application/json; charset=utf-8')
    .send(answer.body);
}

function httpOf(request: FastifyRequest) {
  return {
    method: request.method,
    headers: request.headers,
    query: {},
    body: typeof request.body === 'object' && request.body !== null ? (request.body as Record<string, unknown>) : {},
  };
}

/**
 * IndieAuth discovery (§4.1): a blog's pages name its authorization server in a Link header, so the
 * blog's address is a profile URL any IndieAuth app can sign in with.
 */
export function registerIndieAuthLinks(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    if (
      request.method !== 'GET' ||
      request.url.startsWith('/admin') ||
      !String(reply.getHeader('content-type') ?? '').startsWith('text/html')
    )
      return;
    const issuer = issuerOf(request);
    reply.header(
      'link',
      `<${issuer}/.well-known/oauth-authorization-server>; rel="indieauth-metadata", <${issuer}/oauth/authorize>; rel="authorization_endpoint", <${issuer}/oauth/token>; rel="token_endpoint"`,
    );
  });
}

export function registerOAuthRoutes(app: FastifyInstance, deps: { oauth: OAuthService }): void {
  app.get('/.well-known/oauth-authorization-server', async (request, reply) =>
    reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', 'public, max-age=300')
      .send(authorizationServerMetadata(issuerOf(request))),
  );

  // The browser's leg: the consent screen lives in the dashboard, where the session is.
  app.get('/oauth/authorize', async (request, reply) => {
    const query = new URL(request.url, 'http://x').search;
    return reply.redirect(`/admin/oauth/authorize${query}`, 303);
  });

  app.post('/oauth/authorize', async (request, reply) => send(reply, await deps.oauth.redeemForProfile(httpOf(request))));
  app.post('/oauth/token', async (request, reply) => send(reply, await deps.oauth.token(httpOf(request))));
  app.post('/oauth/revoke', async (request, reply) => send(reply, await deps.oauth.revoke(httpOf(request))));
  // CORS preflight of apps running in a browser (the metadata is a simple GET and needs none).
  app.options('/oauth/*', async (_request, reply) => reply.code(204).headers(CORS).send());
}
