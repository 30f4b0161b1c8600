/**
 * Personal API tokens in the dashboard (`/admin/account/tokens`): make one with a name, a level per
 * blog and an expiry; it is shown once. The list shows each token's scopes and when it was last used;
 * revoking takes effect on the next request.
 */
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import type { ApiLevel, ApiScope } from '../../../domain/api/api-token.service.js';
import { InvalidInputError } from '../../../domain/errors.js';
import { presentApiTokens } from '../../../render/dashboard/api-tokens.presenter.js';
import type { Texts } from '../../../render/i18n/translate.js';
import { authOf, dashboardTexts, orShowForm, sendPage, signedIn, type AdminDeps } from '../../dashboard-helpers/admin-page.js';
import { parseForm, textField } from '../../dashboard-helpers/forms.js';

const createForm = z.object({
  name: textField('The token name', 100, false),
  expires: z.enum(['never', '30', '90', '365']).default('never'),
});
const LEVELS = new Set<string>(['read', 'write', 'admin']);

/** The `level-BLOGID` fields of the form, for blogs the user is a member of. */
function scopesFrom(body: unknown, blogIds: Set<string>, texts: Texts): ApiScope[] {
  const scopes: ApiScope[] = [];
  for (const [key, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    const blog = /^level-(\d{1,30})$/.exec(key)?.[1];
    if (blog && blogIds.has(blog) && typeof value === 'string' && LEVELS.has(value)) scopes.push({ blog, level: value as ApiLevel });
  }
  if (scopes.length === 0) throw new InvalidInputError(texts.text('admin.apitokens.error.noBlog'), 'scopes');
  return scopes;
}

export function registerApiTokenRoutes(app: FastifyInstance, deps: AdminDeps<'api'>): void {
  const { api } = deps.services;
  const model = async (userId: string, texts: Texts, extra: Record<string, unknown> = {}) => ({
    title: texts.text('admin.apitokens.title'),
    ...presentApiTokens(await api.tokens.list(userId), await api.blogs.membershipsOf(userId), Date.now(), texts),
    ...extra,
  });

  app.get('/admin/account/tokens', { preHandler: signedIn }, async (request, reply) =>
    sendPage(deps, request, reply, 'api-tokens', await model(authOf(request).user.id, dashboardTexts(request))),
  );

  app.post('/admin/account/tokens', { preHandler: signedIn }, async (request, reply) => {
    const userId = authOf(request).user.id;
    const texts = dashboardTexts(request);
    return orShowForm(deps, request, reply, { template: 'api-tokens', model: await model(userId, texts) }, async () => {
      const input = parseForm(createForm, request.body, texts);
      const blogIds = new Set((await api.blogs.membershipsOf(userId)).map((m) => m.blog.id));
      const made = await api.tokens.create(
        userId,
        input.name ?? '',
        scopesFrom(request.body, blogIds, texts),
        input.expires === 'never' ? undefined : Number(input.expires),
      );
      return sendPage(deps, request, reply, 'api-tokens', await model(userId, texts, { newToken: made.token, newName: made.row.name }));
    });
  });

  app.post<{ Params: { id: string } }>('/admin/account/tokens/:id/revoke', { preHandler: signedIn }, async (request, reply) => {
    await api.tokens.revoke(authOf(request).user.id, request.params.id);
    return reply.redirect('/admin/account/tokens', 303);
  });
}
