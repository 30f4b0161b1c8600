/**
 * Embeds: which framed players a post body may carry. A provider is an https origin and a path prefix
 * (`https://player.vimeo.com/video/`); an `<iframe>` is kept only when its `src` is https and starts
 * with one of the blog's providers — the built-in ones below and those its owner added in settings.
 * Also turns a video's page address (a YouTube or Vimeo watch URL) into its player's address.
 *
 * Pure functions without imports: the rich editor's bundle (src/client/editor) uses them too.
 */

/** A provider: the https host and the path every embed's address starts with. */
export interface EmbedProvider {
  host: string;
  pathPrefix: string;
}

/** Players every blog may embed: well-known, https-only, made to be framed. */
export const BUILT_IN_PROVIDERS: readonly EmbedProvider[] = [
  { host: 'www.youtube.com', pathPrefix: '/embed/' },
  { host: 'www.youtube-nocookie.com', pathPrefix: '/embed/' },
  { host: 'player.vimeo.com', pathPrefix: '/video/' },
  { host: 'www.dailymotion.com', pathPrefix: '/embed/video/' },
  { host: 'w.soundcloud.com', pathPrefix: '/player/' },
  { host: 'open.spotify.com', pathPrefix: '/embed/' },
  { host: 'www.google.com', pathPrefix: '/maps/embed' },
];

/** At most this many providers of the owner's own. */
export const MAX_OWN_PROVIDERS = 30;

const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** The provider's form stored and shown: `https://host/prefix`. */
export function providerText(provider: EmbedProvider): string {
  return `https://${provider.host}${provider.pathPrefix}`;
}

/**
 * Reads one provider as the owner typed it: `host`, `host/path/` or `https://host/path/`. Returns a
 * reason (a string) when it cannot be one: only https, a public host name (no IP address, no port, no
 * user name), no query or fragment.
 */
export function parseProvider(typed: string): EmbedProvider | string {
  const text = typed.trim();
  if (text === '') return 'an empty line';
  if (/[\s<>"'`\\]/.test(text)) return `"${text}" has spaces or characters a web address cannot hold`;
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) && !/^https:\/\//i.test(text)) return `"${text}" is not an https:// address`;
  let url: URL;
  try {
    url = new URL(/^https:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return `"${text}" is not a web address`;
  }
  if (url.username || url.password || url.port) return `"${text}" may not name a user, a password or a port`;
  if (url.search || url.hash) return `"${text}" may not have a query (?) or a fragment (#)`;
  if (!HOST_NAME.test(url.hostname)) return `"${text}" does not name a host such as player.example.com`;
  return { host: url.hostname, pathPrefix: url.pathname };
}

/** The owner's providers, one a line, as stored: parsed, skipping lines that are not providers. */
export function storedProviders(lines: string): EmbedProvider[] {
  const out: EmbedProvider[] = [];
  for (const line of lines.split('\n')) {
    const parsed = line.trim() === '' ? undefined : parseProvider(line);
    if (parsed && typeof parsed !== 'string') out.push(parsed);
  }
  return out;
}

/** A blog's providers: the built-in ones and its owner's. */
export function blogProviders(ownLines: string): EmbedProvider[] {
  return [...BUILT_IN_PROVIDERS, ...storedProviders(ownLines)];
}

/**
 * The player address to keep for an iframe's `src`, or undefined when no provider allows it. The URL is
 * re-serialized from its parts (so no entity, space or backslash trick survives) and must be https.
 */
export function allowedEmbedSrc(src: string, providers: readonly EmbedProvider[] | 'any-https'): string | undefined {
  let url: URL;
  try {
    url = new URL(src.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return undefined;
  const ok = providers === 'any-https' || providers.some((p) => p.host === url.hostname && url.pathname.startsWith(p.pathPrefix));
  return ok ? url.href : undefined;
}

/** The origins a page of the blog must allow in its Content-Security-Policy `frame-src`. */
export function frameOrigins(providers: readonly EmbedProvider[]): string[] {
  return [...new Set(providers.map((p) => `https://${p.host}`))];
}

/**
 * The player address for a video page's address, for the editor's embed button: YouTube watch, short
 * and Shorts links, Vimeo video pages; a player address of a provider is returned as it is. Undefined
 * for anything else.
 */
export function embedUrlFor(address: string, providers: readonly EmbedProvider[] = BUILT_IN_PROVIDERS): string | undefined {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^(www\.|m\.)/, '');
  const videoId = /^[\w-]{6,20}$/;
  let youtube: string | null = null;
  if (host === 'youtube.com' && url.pathname === '/watch') youtube = url.searchParams.get('v');
  else if (host === 'youtu.be') youtube = url.pathname.slice(1);
  else if (host === 'youtube.com' && /^\/(shorts|live)\//.test(url.pathname)) youtube = url.pathname.split('/')[2] ?? null;
  if (youtube !== null) return videoId.test(youtube) ? `https://www.youtube-nocookie.com/embed/${youtube}` : undefined;
  const vimeo = host === 'vimeo.com' ? /^\/(\d{1,12})\/?$/.exec(url.pathname)?.[1] : undefined;
  if (vimeo) return `https://player.vimeo.com/video/${vimeo}`;
  const secure = url.protocol === 'https:' ? url.href : undefined;
  return secure && allowedEmbedSrc(secure, providers) ? secure : undefined;
}
