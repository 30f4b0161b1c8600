/**
 * A blog's own templates, compiled by an engine that reads only them: includes, renders and layouts
 * are looked up by bare name (`post-summary`) in the blog's in-memory set, never on disk, so a template
 * can reach neither the server's files nor another blog's templates. The engine has the themes' escaping
 * and limits, with a tighter render time: a runaway template is stopped after a second.
 */
import { Liquid } from 'liquidjs';
import { TemplateError } from '../../domain/themes/template-error.js';
import { safeLiquid } from '../theme.js';

/** How long one page of a blog's own templates may render, in milliseconds. */
export const CUSTOM_RENDER_LIMIT_MS = 1000;
/** How much a blog's own templates may build while rendering a page (strings, ranges), in bytes. */
export const CUSTOM_MEMORY_LIMIT = 32 * 1024 * 1024;

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** LiquidJS's file-system interface over a fixed set of templates, by bare name only. */
function templateSet(files: ReadonlyMap<string, string>) {
  const has = (file: string) => files.has(file);
  const read = (file: string) => {
    const content = files.get(file);
    if (content === undefined) throw new Error(`ENOENT: ${file}`);
    return content;
  };
  return {
    sep: '/',
    existsSync: has,
    exists: async (file: string) => has(file),
    readFileSync: read,
    readFile: async (file: string) => read(file),
    // A path (`/etc/passwd`, `../other/layout`) names nothing: only bare template names resolve.
    resolve: (_dir: string, file: string, ext: string) => (NAME.test(file) ? `${file}${ext}` : '\u0000'),
    dirname: () => '',
    contains: async () => true,
    containsSync: () => true,
  };
}

/** An engine over `files` (name → content, `home.liquid` …) with the themes' safety and tighter limits. */
export function memoryLiquid(files: ReadonlyMap<string, string>): Liquid {
  return safeLiquid('.', {
    root: ['.'],
    partials: ['.'],
    layouts: ['.'],
    fs: templateSet(files),
    renderLimit: CUSTOM_RENDER_LIMIT_MS,
    memoryLimit: CUSTOM_MEMORY_LIMIT,
  });
}

interface LiquidLikeError {
  message: string;
  token?: { file?: string; getPosition?: () => [number, number] };
  originalError?: Error;
}

/** A person's reading of what LiquidJS (or the engine under it) said. */
export function reasonOf(message: string): string {
  const missing = /ENOENT: Failed to lookup "([^"]*)"/.exec(message);
  if (missing)
    return `there is no template "${missing[1]}" in this theme: a template can include or use as a layout only this theme's own templates, by name`;
  if (/render limit exceeded/.test(message)) return `it ran too long and was stopped after ${CUSTOM_RENDER_LIMIT_MS / 1000} second`;
  if (/memory alloc limit exceeded/.test(message))
    return `it built too much (over ${CUSTOM_MEMORY_LIMIT / 1024 / 1024} MB) and was stopped`;
  if (/parse length limit exceeded/.test(message)) return 'the templates are too long to read';
  if (/Maximum call stack size exceeded/.test(message)) return 'it includes itself without end';
  return message.replace(/, file:.*$/s, '');
}

/** The file, line, column and reason of a LiquidJS error, as a TemplateError for the editor's form. */
export function templateErrorOf(error: unknown, file: string): TemplateError {
  const e = error as LiquidLikeError;
  const position = e.token?.getPosition?.();
  const where = e.token?.file && e.token.file !== '\u0000' ? e.token.file : file;
  const reason = reasonOf(e.originalError?.message ?? e.message ?? String(error));
  return new TemplateError(where, position?.[0] ?? null, position?.[1] ?? null, reason);
}

/** Parses every template of the set; throws TemplateError naming the first one that does not compile. */
export function checkTemplates(engine: Liquid, files: ReadonlyMap<string, string>): void {
  for (const [file, content] of files) {
    if (!file.endsWith('.liquid')) continue;
    try {
      engine.parse(content, file);
    } catch (error) {
      throw templateErrorOf(error, file);
    }
  }
}
