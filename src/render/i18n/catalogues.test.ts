import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogue, LANGUAGES, textsFor, translate } from './translate.js';

type Element = { type: number; value?: string; options?: Record<string, { value: Element[] }> };
// The parser's element types (TYPE in @formatjs/icu-messageformat-parser).
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);
const PLURAL = 6;
const LITERAL = 0;

/** The arguments a message takes, and the plural option sets it offers, at any depth. */
function walk(elements: readonly unknown[], args: Set<string>, plurals: string[][]): void {
  for (const el of elements as Element[]) {
    if (ARGUMENT_TYPES.has(el.type) && el.value) args.add(el.value);
    if (el.type === PLURAL && el.options) plurals.push(Object.keys(el.options).filter((k) => !k.startsWith('=')));
    for (const option of Object.values(el.options ?? {})) walk(option.value, args, plurals);
  }
}

/** English words a language writes the same way (loanwords, names), by language; checked against the English text. */
const SAME_AS_ENGLISH: Partial<Record<string, readonly string[]>> = {
  tr: ['Spam', 'Spam ({count, number})', 'Logo', 'Blog'],
  id: [
    'Spam',
    'Spam ({count, number})',
    'Logo',
    'Blog',
    'Blog {title}',
    'Status',
    'Label',
    'admin',
    'Gadget',
    'Menu',
    'Administrator',
    'Media',
  ],
  es: ['Spam ({count, number})', 'Blog', 'Blog {title}', 'Gadget', 'Webhooks', 'Feeds', 'Error {status}'],
  pt: ['Spam ({count, number})', 'Blog', 'Blog {title}', 'Gadget', 'Webhooks', 'Feeds', 'Links', 'E-mail', 'Layout', 'Menu'],
  fr: [
    'Logo',
    'Magazine',
    'Blog',
    'Blog {title}',
    'Description',
    'Gadget',
    'Webhooks',
    'E-mail',
    'Pages',
    'Contact',
    'Message',
    'Actions',
    'Action',
    'Sessions',
    'Image',
    'Menu',
    'Invitation',
    'Date',
  ],
  de: [
    'Spam ({count, number})',
    'Logo',
    'Blog',
    'Blog {title}',
    'Status',
    'Gadget',
    'Webhooks',
    'Feeds',
    'Links',
    'Layout',
    'Labels',
    'Label',
    'Labels:',
    'Name',
    'Posts',
    'Post',
    'Apps',
    'Text',
    'Link (optional)',
    'Website (optional)',
    'Administrator',
  ],
};
/** The same in every language: a technical name. */
const SAME_EVERYWHERE = ['HTML'];

/** Whether a message has words to translate, at any depth, beyond its arguments and punctuation (`({count, number})` has none). */
function hasWords(message: string): boolean {
  const literals: string[] = [];
  const collect = (elements: readonly unknown[]) => {
    for (const el of elements as Element[]) {
      if (el.type === LITERAL && el.value) literals.push(el.value);
      for (const option of Object.values(el.options ?? {})) collect(option.value);
    }
  };
  collect(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst());
  return /\p{L}/u.test(literals.join(''));
}

function shape(message: string): { args: string[]; plurals: string[][] } {
  const args = new Set<string>();
  const plurals: string[][] = [];
  walk(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst(), args, plurals);
  return { args: [...args].sort(), plurals };
}

describe('the catalogues', () => {
  const english = catalogue('en');

  // Theme text and the dashboard's (`admin.…`) alike: every language has every key English has, and no other.
  test('every language has exactly the keys of en.json, theme and dashboard alike', () => {
    const expected = Object.keys(english).sort();
    for (const language of LANGUAGES) {
      const own = Object.keys(catalogue(language)).sort();
      assert.deepEqual(
        expected.filter((k) => !own.includes(k)),
        [],
        `${language}: keys missing`,
      );
      assert.deepEqual(
        own.filter((k) => !Object.hasOwn(english, k)),
        [],
        `${language}: keys en.json does not have`,
      );
    }
  });

  test('no message is left in English, but for words the language itself uses (a short list)', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const own = catalogue(language);
      const allowed = new Set([...SAME_EVERYWHERE, ...(SAME_AS_ENGLISH[language] ?? [])]);
      const untranslated = Object.keys(english).filter(
        (key) => own[key] === english[key] && hasWords(english[key]!) && !allowed.has(english[key]!),
      );
      assert.deepEqual(untranslated, [], `${language}: messages still in English`);
    }
  });

  test('every message parses, takes the arguments the English one takes, and offers exactly the plural forms of its language', () => {
    for (const language of LANGUAGES) {
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories.slice().sort();
      for (const [key, message] of Object.entries(catalogue(language))) {
        const where = `${language} ${key}`;
        let found: { args: string[]; plurals: string[][] };
        assert.doesNotThrow(() => (found = shape(message)), where);
        assert.deepEqual(found!.args, shape(english[key]!).args, `${where}: arguments differ from English`);
        for (const options of found!.plurals) assert.deepEqual(options.slice().sort(), categories, `${where}: plural forms`);
      }
    }
  });

  test('plural rules pick the right form: Arabic six, Russian four, Japanese one', () => {
    const ar = [0, 1, 2, 3, 11, 100].map((count) => translate('ar', 'post.comments.count', { count }));
    assert.deepEqual(ar, ['لا تعليقات', 'تعليق واحد', 'تعليقان', '3 تعليقات', '11 تعليقًا', '100 تعليق']);
    const ru = [1, 3, 5, 21, 1.5].map((count) => translate('ru', 'post.comments.count', { count }));
    assert.deepEqual(ru, ['1 комментарий', '3 комментария', '5 комментариев', '21 комментарий', '1,5 комментария']);
    assert.equal(translate('ja', 'post.comments.count', { count: 1 }), 'コメント 1 件');
    assert.equal(translate('en', 'post.comments.count', { count: 1 }), '1 comment');
  });

  test("numbers are written in the language's digits where that is the norm", () => {
    assert.equal(translate('fa', 'sidebar.count', { count: 1234 }), '(۱٬۲۳۴)', 'Persian digits');
    assert.equal(translate('bn', 'sidebar.count', { count: 1234 }), '(১,২৩৪)', 'Bengali digits');
    assert.equal(translate('ur', 'sidebar.count', { count: 1234 }), '(1,234)', 'Pakistan writes Urdu with Western digits');
    assert.equal(translate('ar-EG', 'sidebar.count', { count: 12 }), '(١٢)', 'a regional tag keeps its own digits');
    assert.equal(translate('fa', 'sidebar.year', { year: 2026 }), '۲۰۲۶', 'a year has no grouping');
  });

  test('a regional tag uses its language, an unknown language English, a missing key its name', () => {
    assert.equal(translate('ur-PK', 'comments.heading'), 'تبصرے');
    assert.equal(translate('pt-BR', 'comments.heading'), 'Comentários');
    assert.equal(translate('xx', 'comments.heading'), 'Comments');
    assert.equal(translate('en', 'no.such.key'), 'no.such.key');
  });

  test('text arguments are isolated: <bdi> in HTML, U+2068…U+2069 in plain text, escaped in both', () => {
    const texts = textsFor('ur');
    assert.equal(texts.text('search.resultsFor', { query: 'a<b' }), '“\u2068a<b\u2069” کے نتائج');
    assert.equal(texts.html('search.resultsFor', { query: 'a<b' }).html, '“<bdi>a&lt;b</bdi>” کے نتائج');
    assert.equal(
      texts.text('search.resultsFor', { query: 'x\u2069\u2066y' }),
      '“\u2068xy\u2069” کے نتائج',
      'stray isolates in a value cannot close ours',
    );
  });

  test("a blog's overrides replace single messages; invalid or unknown ones are ignored", () => {
    const overrides = JSON.stringify({ 'comments.heading': 'آراء', 'post.comments.count': '{count, plural, one {', 'not.a.key': 'x' });
    const texts = textsFor('ur', overrides);
    assert.equal(texts.text('comments.heading'), 'آراء');
    assert.equal(texts.text('post.comments.count', { count: 2 }), '2 تبصرے', 'a broken override leaves the catalogue message');
    assert.equal(texts.text('not.a.key'), 'not.a.key');
    assert.equal(textsFor('ur', overrides), texts, 'kept per language and overrides');
    assert.equal(textsFor('ur', '{not json').text('comments.heading'), 'تبصرے');
  });
});
