/**
 * Feeds in Blogger's URL scheme: Atom (`?alt=rss` for RSS 2.0) of posts, per label and of comments, and
 * JSON Feed 1.1. Each handler: check the URL and parameters, build the feed once, write it, send it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FeedDocument } from '../../feeds/feed-document.js';
import { renderFeed } from '../../feeds/feed-formats.js';
import { labelFeedPath } from '../../domain/blogs/urls.js';
import { parseFeedLabels, parsePaging, parseProjection, parseXmlFormat, type FeedFormat, type Query } from '../../feeds/feed-query.js';
import type { SiteContext } from '../../render/presenters/site.js';
import type { Services } from '../../services.js';
import { sendDocument } from '../serve-document.js';
import { siteOf } from '../site.js';

/** Hands the request to the 404 handler; returning the reply tells Fastify it is being answered. */
function notFound(reply: FastifyReply): FastifyReply {
  reply.callNotFound();
  return reply;
}

function sendFeed(request: FastifyRequest, reply: FastifyReply, site: SiteContext, doc: FeedDocument, format: FeedFormat): FastifyReply {
  const { body, contentType } = renderFeed(doc, format);
  return sendDocument(request, reply, { body, contentType, lastModified: site.blog.updated_at });
}

export function registerFeedRoutes(app: FastifyInstance, deps: { services: Pick<Services, 'blogs' | 'feeds'> }): void {
  const { services } = deps;
  const { posts: postFeeds, comments: commentFeeds } = services.feeds;

  app.get<{ Params: { projection: string } }>('/feeds/posts/:projection', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const projection = parseProjection(request.params.projection);
    if (!projection) return notFound(reply);
    const query = request.query as Query;
    const format = parseXmlFormat(query);
    const doc = await postFeeds.build(site, { projection, format, paging: parsePaging(query), path: `/feeds/posts/${projection}` });
    return sendFeed(request, reply, site, doc, format);
  });

  // `/feeds/posts/default/-/A/B`: posts with label A and label B.
  app.get<{ Params: { projection: string } }>('/feeds/posts/:projection/-/*', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const projection = parseProjection(request.params.projection);
    const prefix = `/feeds/posts/${request.params.projection}/-/`;
    const rawPath = request.url.split('?')[0]!;
    // The labels come from the raw URL, still encoded, so that `%2F` inside a name is not a separator.
    const labelNames = rawPath.startsWith(prefix) ? parseFeedLabels(rawPath.slice(prefix.length)) : undefined;
    if (!projection || !labelNames) return notFound(reply);
    const query = request.query as Query;
    const format = parseXmlFormat(query);
    const path = labelFeedPath(labelNames, projection);
    const doc = await postFeeds.build(site, { projection, format, labelNames, paging: parsePaging(query), path });
    return sendFeed(request, reply, site, doc, format);
  });

  app.get('/feed.json', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const paging = parsePaging(request.query as Query);
    const doc = await postFeeds.build(site, { projection: 'default', format: 'json', paging, path: '/feed.json' });
    return sendFeed(request, reply, site, doc, 'json');
  });

  app.get<{ Params: { projection: string } }>('/feeds/comments/:projection', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const projection = parseProjection(request.params.projection);
    if (!projection) return notFound(reply);
    const query = request.query as Query;
    const format = parseXmlFormat(query);
    const doc = await commentFeeds.build(site, { projection, format, paging: parsePaging(query), path: `/feeds/comments/${projection}` });
    return doc ? sendFeed(request, reply, site, doc, format) : notFound(reply);
  });

  app.get<{ Params: { postId: string; projection: string } }>('/feeds/:postId/comments/:projection', async (request, reply) => {
    const site = siteOf(request, services.blogs);
    const { postId } = request.params;
    const projection = parseProjection(request.params.projection);
    if (!projection) return notFound(reply);
    const query = request.query as Query;
    const format = parseXmlFormat(query);
    const path = `/feeds/${encodeURIComponent(postId)}/comments/${projection}`;
    const doc = await commentFeeds.build(site, { postId, projection, format, paging: parsePaging(query), path });
    return doc ? sendFeed(request, reply, site, doc, format) : notFound(reply);
  });
}
