/**
 * Who is asking, from the request alone: a bot or link-preview fetcher (never counted), or a person's
 * browser of one device class. User agents repeat a great deal, so answers are kept in a small cache
 * and the page pays for the bot list and the parser only on a user agent it has not seen lately.
 */
import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

export type DeviceClass = 'desktop' | 'phone' | 'tablet';
export const DEVICE_CLASSES: readonly DeviceClass[] = ['desktop', 'phone', 'tablet'];

/** What a user agent is: `bot` for crawlers, link previews, scripts and an empty agent. */
export type AgentClass = DeviceClass | 'bot';

const CACHE_SIZE = 2000;
const cache = new Map<string, AgentClass>();

/** Fetchers `isbot` does not know, seen in the wild: chat apps' link previews and HTTP libraries. */
const MORE_BOTS = /(?:^|[\s;(/])(?:whatsapp|skypeuripreview|embedly|iframely|vkshare|okhttp|axios|node-fetch|undici|go-http-client)/i;

function classifyUncached(userAgent: string): AgentClass {
  if (userAgent.trim() === '' || isbot(userAgent) || MORE_BOTS.test(userAgent)) return 'bot';
  const type = new UAParser(userAgent).getDevice().type;
  if (type === 'tablet') return 'tablet';
  if (type === 'mobile' || type === 'wearable') return 'phone';
  return 'desktop';
}

/** The class of a user agent (cached for the most recent few thousand agents). */
export function classifyAgent(userAgent: string | undefined): AgentClass {
  const ua = userAgent ?? '';
  let found = cache.get(ua);
  if (found === undefined) {
    found = classifyUncached(ua.slice(0, 512));
    // Drop the oldest insertion: Map keeps insertion order.
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(ua, found);
  }
  return found;
}

/** True for prefetches and prerenders (`Sec-Purpose` / `Purpose`): the page may never be seen. */
export function isPrefetch(purpose: string | undefined): boolean {
  return purpose !== undefined && /prefetch|prerender/i.test(purpose);
}
