/**
 * Lenient XML, part one: a bare `&` that starts no entity (`Tom & Jerry`, `?a=1&b=2` in an attribute)
 * is a well-formedness error (XML 1.0 §2.4), and so is an HTML entity XML does not define (`&nbsp;`,
 * §4.1); the meaning of both is clear. This pass rewrites them as `&amp;` and as a character reference
 * before the parser sees them — outside CDATA sections, comments and processing instructions, where
 * they are plain text — and reports the line of each repair. Works on a stream of text chunks.
 */
import { decode } from 'html-entities';

/** The entities XML itself defines (§4.6). */
const XML_ENTITIES = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/**
 * The next place that matters in ordinary text: a `&` that starts no entity or character reference,
 * or the start of a CDATA section, comment or processing instruction. (Well-formed references are
 * skipped by the regular expression itself: most exports hold millions of `&lt;`.)
 */
const NEXT = /&(?!lt;|gt;|amp;|quot;|apos;|#\d{1,8};)|<!\[CDATA\[|<!--|<\?/g;
/** Any other entity or character reference XML allows, starting at `lastIndex`. */
const REFERENCE = /&(?:[A-Za-z_:][\w.:\-\u00B7-\uFFFF]{0,60};|#[0-9]{1,8};|#x[0-9A-Fa-f]{1,8};)/y;
/** Enough characters to see a whole reference or section opener. */
const LOOKAHEAD = 72;

type State = 'text' | 'cdata' | 'comment' | 'pi';
const CLOSER: Record<Exclude<State, 'text'>, string> = { cdata: ']]>', comment: '-->', pi: '?>' };

export class AmpersandRepair {
  private state: State = 'text';
  private carry = '';
  /** Line number at the start of `carry`. */
  private line = 1;

  /** @param onRepair called with what was repaired and on which line. */
  constructor(private readonly onRepair: (message: string, line: number) => void) {}

  /** Repairs a chunk; a few characters at its end may be held back until the next chunk (or `end`). */
  push(chunk: string): string {
    return this.run(this.carry + chunk, false);
  }

  /** The characters held back, repaired. */
  end(): string {
    return this.run(this.carry, true);
  }

  private run(s: string, final: boolean): string {
    const out: string[] = [];
    let emitted = 0;
    let line = this.line;
    let counted = 0;
    const lineOf = (pos: number): number => {
      for (let at = s.indexOf('\n', counted); at >= 0 && at < pos; at = s.indexOf('\n', at + 1)) line++;
      counted = Math.max(counted, pos);
      return line;
    };
    let i = 0;
    let holdFrom = s.length;
    while (i < s.length) {
      if (this.state !== 'text') {
        const closer = CLOSER[this.state];
        const end = s.indexOf(closer, i);
        if (end < 0) {
          // The closer may straddle two chunks: hold back its possible start.
          if (!final) holdFrom = Math.max(i, s.length - (closer.length - 1));
          break;
        }
        i = end + closer.length;
        this.state = 'text';
        continue;
      }
      NEXT.lastIndex = i;
      const match = NEXT.exec(s);
      if (!match) {
        if (!final) holdFrom = Math.max(i, s.length - 8);
        break;
      }
      const at = match.index;
      if (!final && s.length - at < LOOKAHEAD) {
        holdFrom = at;
        break;
      }
      if (match[0] === '&') {
        REFERENCE.lastIndex = at;
        const reference = REFERENCE.exec(s)?.[0];
        if (reference === undefined) {
          out.push(s.slice(emitted, at), '&amp;');
          emitted = at + 1;
          this.onRepair('a bare "&" was read as "&amp;"', lineOf(at));
          i = at + 1;
          continue;
        }
        i = at + reference.length;
        const name = reference.slice(1, -1);
        if (name.startsWith('#') || XML_ENTITIES.has(name)) continue;
        const character = decode(reference);
        // An entity HTML defines: written as the character reference XML understands.
        if (character !== reference) {
          const references = Array.from(character, (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`).join('');
          out.push(s.slice(emitted, at), references);
          emitted = i;
          this.onRepair(`the HTML entity ${reference} (XML has no such entity) was read as its character`, lineOf(at));
        }
        continue;
      }
      this.state = match[0] === '<![CDATA[' ? 'cdata' : match[0] === '<!--' ? 'comment' : 'pi';
      i = at + match[0].length;
    }
    out.push(s.slice(emitted, holdFrom));
    this.carry = s.slice(holdFrom);
    this.line = lineOf(holdFrom);
    return out.join('');
  }
}
