/**
 * Reading a served page as a browser would (htmlparser2), to check that text a person typed stayed
 * text: no element, attribute or closing tag came from it, and it reads back intact.
 */
import assert from 'node:assert/strict';
import { DomUtils, parseDocument } from 'htmlparser2';

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.findAll>[number];

/** Every element the default theme writes, plus the `<p>` of the test posts' bodies. */
const THEME_ELEMENTS = new Set(
  (
    'html head meta title link script body a header h1 h2 h3 p div main aside section nav ol ul li span form label input button ' +
    'footer article time mark textarea bdi'
  ).split(' '),
);

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction']);

/** Elements whose start and end tags must pair up in the raw markup. */
const PAIRED =
  'html head title script body header main aside footer article section nav h1 h2 h3 ol ul li p a form label button time mark span div bdi';

export function parsePage(html: string): Document {
  return parseDocument(html, { decodeEntities: true });
}

export function elementsNamed(root: Document | Element, name: string): Element[] {
  return DomUtils.findAll((el) => el.name === name, root.children);
}

/** An element's text as a person reads it (entities decoded). */
export function textOf(el: Element | undefined): string | undefined {
  return el ? DomUtils.textContent(el) : undefined;
}

export function attributeOf(el: Element | undefined, name: string): string | undefined {
  return el?.attribs[name];
}

/** The first element with this id. */
export function byId(root: Document, id: string): Element | undefined {
  return DomUtils.findOne((el) => el.attribs.id === id, root.children) ?? undefined;
}

function count(html: string, pattern: RegExp): number {
  return html.match(pattern)?.length ?? 0;
}

/**
 * Asserts that the page's markup is the theme's own: start and end tags pair up, the only scripts are the
 * JSON-LD block and the comment form's own script, no element outside the theme's, no event-handler attribute, no `javascript:` URL.
 * Returns the parsed page for further checks.
 */
export function assertThemeMarkup(html: string, context: string): Document {
  for (const tag of PAIRED.split(' ')) {
    const opened = count(html, new RegExp(`<${tag}[\\s>]`, 'gi'));
    const closed = count(html, new RegExp(`</${tag}\\s*>`, 'gi'));
    assert.equal(opened, closed, `${context}: ${opened} <${tag}> but ${closed} </${tag}>`);
  }
  assert.equal(
    count(html, /<script/gi),
    count(html, /<script type="application\/ld\+json">/g) +
      count(html, /<script type="module" src="\/static\/comments\.js\?v=[0-9a-f]+"><\/script>/g),
    `${context}: a script element that is not the page's JSON-LD or its comment script`,
  );
  const doc = parsePage(html);
  for (const el of DomUtils.findAll(() => true, doc.children)) {
    assert.ok(THEME_ELEMENTS.has(el.name), `${context}: unexpected element <${el.name}>`);
    for (const [name, value] of Object.entries(el.attribs)) {
      assert.doesNotMatch(name, /^on/i, `${context}: event handler attribute ${name} on <${el.name}>`);
      if (URL_ATTRIBUTES.has(name))
        assert.doesNotMatch(value.trim(), /^javascript:/i, `${context}: javascript: URL in ${name} of <${el.name}>`);
    }
  }
  for (const script of elementsNamed(doc, 'script')) {
    if (script.attribs.type !== 'application/ld+json') continue;
    assert.doesNotThrow(() => JSON.parse(textOf(script) ?? ''), `${context}: the JSON-LD is not JSON`);
  }
  return doc;
}
