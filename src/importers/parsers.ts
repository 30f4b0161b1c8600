/**
 * The parser of each export format, loaded when an import needs it: the XML parsers (saxes) and the
 * rest of the readers are not part of what the web server loads at start.
 */
import type { Parser, SourceFormat } from './import-model.js';

export async function parserFor(format: SourceFormat): Promise<Parser> {
  switch (format) {
    case 'blogger-atom':
    case 'blogger-2018':
      return (await import('./blogger.parser.js')).parseBlogger;
    case 'blogger-api':
      return (await import('./blogger-api.parser.js')).parseBloggerApi;
    case 'wxr':
      return (await import('./wxr.parser.js')).parseWxr;
    case 'ghost':
      return (await import('./ghost.parser.js')).parseGhost;
    case 'writefreely':
      return (await import('./writefreely.parser.js')).parseWriteFreely;
    case 'medium':
      return (await import('./medium.parser.js')).parseMedium;
    case 'substack':
      return (await import('./substack.parser.js')).parseSubstack;
    case 'jekyll':
    case 'hugo':
    case 'eleventy':
      return (await import('./markdown/markdown.parser.js')).parseMarkdownSite;
    case 'dastan-json':
      return (await import('./dastan-json.parser.js')).parseDastanJson;
  }
}
