/** The parser of each export format. */
import { parseBloggerApi } from './blogger-api.parser.js';
import { parseBlogger } from './blogger.parser.js';
import { parseDastanJson } from './dastan-json.parser.js';
import { parseGhost } from './ghost.parser.js';
import type { Parser, SourceFormat } from './import-model.js';
import { parseWxr } from './wxr.parser.js';

export function parserFor(format: SourceFormat): Parser {
  switch (format) {
    case 'blogger-atom':
    case 'blogger-2018':
      return parseBlogger;
    case 'blogger-api':
      return parseBloggerApi;
    case 'wxr':
      return parseWxr;
    case 'ghost':
      return parseGhost;
    case 'dastan-json':
      return parseDastanJson;
  }
}
