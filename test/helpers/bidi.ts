/**
 * Checks a rendered page's text the way the Unicode bidirectional algorithm will lay it out, with
 * HTML's isolation rules: every block element starts a paragraph in its inherited direction; an element
 * with `dir` (ltr, rtl or auto) and `<bdi>` are isolates (auto: the direction of their first strong
 * letter); U+2066–U+2069 isolate within text. Within one paragraph or isolate, a strong letter of the
 * direction opposite to its own (a Latin word in an Urdu sentence, an Urdu title in an English one) is
 * what the algorithm reorders: the punctuation and numbers beside it move ("comments 0", ".No views
 * counted yet"). So any such letter outside its own isolate is a finding.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, isText, type ChildNode, type Element } from 'domhandler';

const BLOCKS = new Set(
  'html body header footer main aside nav section article div p h1 h2 h3 h4 h5 h6 ul ol li form fieldset legend label button textarea blockquote figure figcaption table tr td th dl dt dd pre hr br'.split(
    ' ',
  ),
);
const SKIPPED = new Set(['head', 'script', 'style', 'template', 'input', 'select', 'option']);

const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;
const LETTER = /\p{L}/u;

function strongOf(c: string): 'ltr' | 'rtl' | null {
  if (RTL_LETTER.test(c)) return LETTER.test(c) || /[\u0600-\u06ff]/.test(c) ? 'rtl' : null;
  return LETTER.test(c) ? 'ltr' : null;
}

interface Context {
  /** ltr or rtl when set, auto for an isolate that takes its first strong letter, null to inherit. */
  declared: 'ltr' | 'rtl' | 'auto' | null;
  text: string;
  children: Context[];
  where: string;
}

function describe(el: Element): string {
  const cls = el.attribs.class ? `.${el.attribs.class.split(/\s+/).join('.')}` : '';
  const id = el.attribs.id ? `#${el.attribs.id}` : '';
  return `<${el.name}${id}${cls}>`;
}

/** The findings on a page: each a paragraph or isolate holding letters that run against its direction. */
export function bidiFindings(html: string, options: { userContent?: (el: Element) => boolean } = {}): string[] {
  const doc = parseDocument(html, { decodeEntities: true });
  const root: Context = { declared: 'ltr', text: '', children: [], where: 'document' };

  const addText = (ctx: Context, text: string, stack: Context[]) => {
    let current = stack.at(-1) ?? ctx;
    for (const c of text) {
      if (c === '\u2066' || c === '\u2067' || c === '\u2068') {
        const nested: Context = {
          declared: c === '\u2066' ? 'ltr' : c === '\u2067' ? 'rtl' : 'auto',
          text: '',
          children: [],
          where: `${ctx.where} isolate`,
        };
        current.children.push(nested);
        stack.push(nested);
        current = nested;
      } else if (c === '\u2069') {
        if (stack.length > 0) stack.pop();
        current = stack.at(-1) ?? ctx;
      } else current.text += c;
    }
  };

  const visit = (nodes: ChildNode[], ctx: Context) => {
    const isolates: Context[] = [];
    for (const node of nodes) {
      if (isText(node)) addText(ctx, node.data, isolates);
      if (!isTag(node)) continue;
      const el = node;
      if (SKIPPED.has(el.name) || 'hidden' in el.attribs || options.userContent?.(el)) continue;
      const dir = el.attribs.dir?.toLowerCase();
      const declared = dir === 'ltr' || dir === 'rtl' || dir === 'auto' ? dir : el.name === 'bdi' ? 'auto' : null;
      if (declared || BLOCKS.has(el.name)) {
        const child: Context = { declared, text: '', children: [], where: describe(el) };
        (isolates.at(-1) ?? ctx).children.push(child);
        visit(el.children, child);
        // A block ends the paragraph: what follows starts a new one in the same direction.
        if (!declared) {
          const rest: Context = { declared: null, text: '', children: [], where: `after ${describe(el)}` };
          ctx.children.push(rest);
          ctx = rest;
        }
      } else visit(el.children, isolates.at(-1) ?? ctx);
    }
  };
  const html_ = doc.children.find((n): n is Element => isTag(n) && n.name === 'html');
  const rootDir = html_?.attribs.dir?.toLowerCase();
  root.declared = rootDir === 'rtl' ? 'rtl' : 'ltr';
  visit(html_ ? html_.children : doc.children, root);

  const findings: string[] = [];
  const check = (ctx: Context, inherited: 'ltr' | 'rtl') => {
    let direction = inherited;
    if (ctx.declared === 'ltr' || ctx.declared === 'rtl') direction = ctx.declared;
    else if (ctx.declared === 'auto') direction = [...ctx.text].map(strongOf).find((d) => d !== null) ?? 'ltr';
    const against = [...ctx.text].filter((c) => strongOf(c) !== null && strongOf(c) !== direction);
    if (against.length > 0) findings.push(`${ctx.where} (${direction}): ${JSON.stringify(ctx.text.replace(/\s+/g, ' ').trim())}`);
    for (const child of ctx.children) check(child, direction);
  };
  check(root, root.declared === 'rtl' ? 'rtl' : 'ltr');
  return findings;
}
