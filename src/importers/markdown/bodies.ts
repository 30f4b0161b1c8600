/**
 * A Markdown site's post body made ready for Dastan: the template tags that only build links (Jekyll's
 * `{{ site.baseurl }}`, `relative_url`, `post_url`, `link`; Hugo's `ref`, `relref` and `figure`) are
 * written out, and every link to an image the site carries is pointed at that image's address on the
 * old site — which the import then replaces with the copy it stores in the blog's uploads. Other
 * template tags stay as text. A path that leads outside the site's folder is never read.
 */
import path from 'node:path';

const IMAGE_FILE = /\.(jpe?g|png|gif|webp|avif|svg)$/i;

export interface BodyContext {
  /** The file's path in the archive. */
  file: string;
  /** The site's folder in the archive ('' or `name/`). */
  root: string;
  /** Folders (in the archive) that root-relative addresses are looked up in, in order. */
  roots: string[];
  /** The old site's home, absolute, ending in `/`. */
  base: string;
  /** The page's own address on the old site, absolute. */
  pageUrl: string;
  exists(name: string): boolean;
  /** The old address of another file of the site, by its name or path (for `post_url`, `ref`). */
  addressOf(reference: string): string | undefined;
}

export type ImageFound = { file: string; url: string } | { outside: string };

/** The site's image a link names, if it is one: its file and its address on the old site. */
export function localImage(reference: string, ctx: BodyContext): ImageFound | undefined {
  let ref = reference.trim();
  if (/^https?:\/\//i.test(ref)) {
    if (!ref.startsWith(ctx.base)) return undefined;
    ref = `/${ref.slice(ctx.base.length)}`;
  } else if (/^[a-z][a-z0-9+.-]*:|^\/\/|^#/i.test(ref)) {
    return undefined;
  }
  const bare = ref.replace(/[?#].*$/, '');
  if (!IMAGE_FILE.test(bare)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    return undefined;
  }
  const candidates = decoded.startsWith('/')
    ? ctx.roots.map((root) => root + decoded.slice(1))
    : [path.posix.join(path.posix.dirname(ctx.file), decoded), ...ctx.roots.map((root) => root + decoded)];
  const url = decoded.startsWith('/') ? ctx.base + bare.slice(1) : new URL(bare, ctx.pageUrl).href;
  for (const candidate of candidates) {
    const normal = path.posix.normalize(candidate);
    if (normal === '..' || normal.startsWith('../') || !normal.startsWith(ctx.root)) return { outside: reference };
    if (ctx.exists(normal)) return { file: normal, url };
  }
  return undefined;
}

/** Jekyll's and Hugo's link-building tags written out; what other template tags are left, counted. */
export function writeOutTemplates(body: string, ctx: BodyContext): { body: string; leftTags: number } {
  const address = (reference: string, whole: string) => ctx.addressOf(reference.trim().replace(/^["']|["']$/g, '')) ?? whole;
  const out = body
    .replace(/\{\{-?\s*site\.url\s*-?\}\}\s*\{\{-?\s*site\.baseurl\s*-?\}\}|\{\{-?\s*site\.(baseurl|url)\s*-?\}\}/g, '')
    .replace(/\{\{-?\s*["']([^"']*)["']\s*\|\s*(relative_url|absolute_url|prepend:\s*site\.baseurl)\s*-?\}\}/g, '$1')
    .replace(/\{%-?\s*(post_url|link)\s+([^%]+?)\s*-?%\}/g, (whole, _tag, reference: string) => address(reference, whole))
    .replace(/\{\{[<%]\s*(?:rel)?ref\s+([^>%]+?)\s*[>%]\}\}/g, (whole, reference: string) => address(reference, whole))
    .replace(/\{\{[<%]\s*figure\s+([^>%]*?)\s*[>%]\}\}/g, (whole, attributes: string) => {
      const attribute = (name: string) =>
        new RegExp(`\\b${name}=(?:"([^"]*)"|'([^']*)'|(\\S+))`)
          .exec(attributes)
          ?.slice(1)
          .find((v) => v !== undefined);
      const src = attribute('src');
      if (!src) return whole;
      const alt = (attribute('alt') ?? attribute('title') ?? '').replace(/[[\]]/g, '');
      const caption = attribute('caption');
      return `![${alt}](${src})${caption ? `\n*${caption}*` : ''}`;
    })
    .replace(/\{%-?\s*(raw|endraw)\s*-?%\}/g, '');
  const leftTags = (out.match(/\{%[\s\S]*?%\}|\{\{[<%][\s\S]*?[>%]\}\}/g) ?? []).length;
  return { body: out, leftTags };
}

/**
 * Points every link to one of the site's images (Markdown `![…](…)` and `[…](…)`, reference
 * definitions, HTML `src` and `href`) at the image's old address; returns the images and the links that
 * lead outside the folder.
 */
export function rewriteImageLinks(
  body: string,
  ctx: BodyContext,
): { body: string; images: { file: string; url: string }[]; outside: string[] } {
  const images = new Map<string, { file: string; url: string }>();
  const outside: string[] = [];
  const swap = (ref: string): string => {
    const found = localImage(ref, ctx);
    if (!found) return ref;
    if ('outside' in found) {
      outside.push(found.outside);
      return ref;
    }
    images.set(found.url, found);
    return found.url;
  };
  const rewritten = body
    .replace(/(\]\(\s*<?)([^)\s>]+)/g, (_m, before: string, ref: string) => before + swap(ref))
    .replace(/^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>?(\s|$))/gm, (_m, before: string, ref: string) => before + swap(ref))
    .replace(
      /(<(?:img|a|source)\b[^>]*?\s(?:src|href)\s*=\s*)(["'])([^"']*)\2/gi,
      (_m, before: string, q: string, ref: string) => `${before}${q}${swap(ref)}${q}`,
    );
  return { body: rewritten, images: [...images.values()], outside };
}
