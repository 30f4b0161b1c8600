/** Feeds: Atom, RSS 2.0 and JSON Feed of posts and comments (filled in by the feeds work). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerFeedRoutes(app: FastifyInstance, deps: { services: Services }): void {
  void app;
  void deps;
}
