/** For search engines: sitemap.xml and robots.txt (filled in by the feeds work). */
import type { FastifyInstance } from 'fastify';
import type { Services } from '../../services.js';

export function registerSeoRoutes(app: FastifyInstance, deps: { services: Services }): void {
  void app;
  void deps;
}
