import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { storedHtml } from '../domain/text/sanitize.js';
import { LiquidCompiler } from './liquid-compiler.js';
import { safeLiquid, THEMES_DIR } from './theme.js';
import { BUNDLED_THEMES } from './themes/bundled-themes.js';
import { textGlobals } from './i18n/liquid-filter.js';
import { textsFor } from './i18n/translate.js';

const TEMPLATES: Record<string, string> = {
  layout:
    '<html>{% block head %}<title>default head</title>{% endblock %}<main>{% block content %}{% endblock %}</main>{% block foot %}<p>foot {{ site }}</p>{% endblock %}</html>',
  page: "{%- comment -%}A note for the theme's designer: {{ title }} {% if %}{%- endcomment -%}{% layout 'layout' %}\n{% block content %}{% # an inline note %}<h1>{{ title }}</h1>{% for item in items %}{% render 'item', item: item, n: forloop.index, last: forloop.last %}{% else %}<p>none</p>{% endfor %}{% endblock %}\n",
  item: '<li data-n="{{ n }}"{% if last %} class="last"{% endif %}>{{ item.name }}{{ title }}</li>',
  conditions: [
    '{% if a == b %}eq{% endif %}{% if a != b %}ne{% endif %}{% if n > 2 %}gt{% endif %}{% if n <= 2 %}le{% endif %}',
    '{% if s == blank %}s-blank{% endif %}{% if s != empty %}s-nonempty{% endif %}{% if list == empty %}list-empty{% endif %}',
    '{% if missing == nil %}nil{% endif %}{% if zero %}zero-truthy{% endif %}{% if emptyString %}string-truthy{% endif %}',
    '{% if f %}f{% elsif n > 1 and s %}and{% elsif n or f %}or{% else %}else{% endif %}',
    '{% unless f %}unless{% else %}not{% endunless %}{% unless n %}x{% elsif s %}elsif{% endunless %}',
    '{% if list contains "b" %}contains{% endif %}{% if not f %}{% endif %}',
    '{{ list.size }}|{{ list.first }}|{{ list.last }}|{{ s.size }}|{{ obj.size }}|{{ list[1] }}|{{ list[-1] }}',
    '{{ obj.constructor }}|{{ obj.toString }}|{{ obj.__proto__ }}|{{ missing.deep.path }}|{{ obj }}|{{ list }}',
    '{{ html }}|{{ s }}|{{ n }}|{{ f }}|{{ 12 }}|{{ "lit<" }}',
    '{% for pair in obj %}{{ pair[0] }}={{ pair[1] }};{{ forloop.index0 }}/{{ forloop.rindex }}/{{ forloop.first }}/{{ forloop.length }} {% endfor %}',
    '{% for c in s %}[{{ c }}]{% endfor %}{% for x in missing %}{% else %}empty-for{% endfor %}',
    '{% for row in rows %}{% for cell in row %}{{ forloop.index }}{{ cell }}{% endfor %}{{ forloop.index }};{% endfor %}',
  ].join('\n'),
  partialScope: "{% render 'item', item: obj %}{{ item.name }}",
  translated:
    '<p>{{ "post.comments.count" | t: count: n }}</p><a aria-label="{{ "comment.by" | t_attr: author: title }}">{{ "search.resultsFor" | t: query: title }}</a>' +
    '{% for item in items %}{% render \'translatedItem\', name: item.name, count: forloop.index %}{% endfor %}{{ "no.such.key" | t }}{{ missing | t }}{{ "layout.subscribe" | t: format: "Atom", 3 }}',
  translatedItem: '<li>{{ "sidebar.count" | t: count: count }} {{ "post.readMoreOf" | t: title: name }}</li>',
  filtered:
    '{{ title | upcase }}|{{ title | append: "-" | append: n | url_encode }}|{{ missing | default: "none" }}|{{ s | default: "x" }}' +
    '|{{ f | default: "was false" }}|{{ list | join: ", " }}|{{ title | slice: 2, 5 }}|{{ title | truncate: 8 }}|{{ n | plus: 2 | minus: 1 }}' +
    '|{{ "key." | append: s | t_attr }}|{{ title | prepend: "<" | downcase | remove_first: "a" }}',
  assigned:
    '{% assign x = title | append: "!" %}{{ x }}{% for item in items %}{% assign last = item.name %}{% endfor %}{{ last }}' +
    '{% capture cap %}<b>{{ s }}</b>{% for c in list %}{{ c }}{% endfor %}{% endcapture %}[{{ cap }}]' +
    "{% render 'assignedItem', name: title %}{{ inner }}",
  assignedItem: '{% assign inner = name | upcase %}({{ inner }})',
  withFilter: '{{ title | date: "%Y" }}',
  withAssign: '{% increment x %}{{ x }}',
  withRange: '{% for i in (1..3) %}{{ i }}{% endfor %}',
  withInclude: "{% include 'item' %}",
  withBlockSuper: "{% layout 'layout' %}{% block head %}{{ block.super }}{% endblock %}",
  usesUnsupportedPartial: "{% render 'withAssign' %}",
};

const MODEL = {
  title: 'A <title> & "quotes"',
  site: 'Example',
  items: [{ name: 'one & two' }, { name: '<b>three</b>' }, { name: 'ﷺ 𝕳 \u202e' }],
  a: 'x',
  b: 'x',
  n: 3,
  s: 'text',
  f: false,
  zero: 0,
  emptyString: '',
  list: ['a', 'b', 'c'],
  obj: { name: 'obj', k: 'v' },
  rows: [
    [1, 2],
    [3, 4],
  ],
  html: storedHtml('<p>safe <em>html</em></p>'),
};

describe('the Liquid compiler', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'dastan-compiler-'));
    for (const [name, text] of Object.entries(TEMPLATES)) writeFileSync(path.join(dir, `${name}.liquid`), text);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function both(name: string, model: object, globals?: Record<string, unknown>): [string, string] {
    const engine = safeLiquid(dir);
    const compiled = new LiquidCompiler(engine).compile(name);
    assert.ok(compiled, `${name} should compile`);
    return [engine.renderFileSync(name, model, globals ? { globals } : undefined) as string, compiled(model, globals)];
  }

  test('renders exactly what LiquidJS renders', () => {
    for (const name of ['page', 'conditions', 'partialScope', 'filtered', 'assigned']) {
      for (const model of [MODEL, { ...MODEL, items: [], n: 1, s: '', list: [], f: true, a: 'y' }, {}]) {
        const [interpreted, compiled] = both(name, model);
        assert.equal(compiled, interpreted, `${name} with ${JSON.stringify(model).slice(0, 60)}`);
      }
    }
  });

  test('escapes output, passes sanitized HTML through, and keeps partials isolated', () => {
    const [, page] = both('page', MODEL);
    assert.match(page, /<h1>A &lt;title&gt; &amp; &quot;quotes&quot;<\/h1>/);
    assert.match(page, /&lt;b&gt;three&lt;\/b&gt;/);
    assert.doesNotMatch(page, /<li[^>]*>[^<]*A &lt;title/, 'a partial does not see the page title');
    assert.match(page, /<title>default head<\/title>/);
    assert.match(page, /<p>foot Example<\/p>/);
    const [, conditions] = both('conditions', MODEL);
    assert.match(conditions, /<p>safe <em>html<\/em><\/p>/);
  });

  test('the naughty strings render the same compiled as interpreted', () => {
    const naughty = JSON.parse(readFileSync(new URL('../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8')) as string[];
    for (const s of naughty) {
      const model = { ...MODEL, title: s, s, a: s, items: [{ name: s }], obj: { name: s } };
      for (const name of ['page', 'conditions', 'filtered', 'assigned']) {
        const [interpreted, compiled] = both(name, model);
        assert.equal(compiled, interpreted, JSON.stringify(s));
      }
    }
  });

  test('translates with `t` and `t_attr` exactly as LiquidJS does, in every language and in partials', () => {
    for (const language of ['en', 'ur', 'ar', 'ru', 'fa', 'ja', 'xx']) {
      for (const model of [MODEL, { ...MODEL, n: 1, items: [] }, { ...MODEL, n: 0 }, {}]) {
        const [interpreted, compiled] = both('translated', model, textGlobals(textsFor(language)));
        assert.equal(compiled, interpreted, `${language} ${JSON.stringify(model).slice(0, 60)}`);
      }
    }
    const [withoutGlobals] = both('translated', MODEL);
    assert.equal(both('translated', MODEL)[1], withoutGlobals, 'no globals: English in both');
    assert.match(withoutGlobals, /<p>3 comments<\/p>/);
    assert.match(
      withoutGlobals,
      /aria-label="Comment by \u2068A &lt;title&gt; &amp; &quot;quotes&quot;\u2069"/,
      'attribute text: isolated by characters, escaped',
    );
    assert.match(
      withoutGlobals,
      />Search results for “<bdi>A &lt;title&gt; &amp; &quot;quotes&quot;<\/bdi>”<\/a>/,
      'HTML: the value escaped in <bdi>',
    );
    assert.match(withoutGlobals, /<li>\(1\) of <bdi>one &amp; two<\/bdi><\/li>/, 'partials see the globals');
    const [urdu] = both('translated', MODEL, textGlobals(textsFor('ur')));
    assert.doesNotMatch(urdu, /comments|Search results/);
  });

  test('the naughty strings translate the same compiled as interpreted', () => {
    const naughty = JSON.parse(readFileSync(new URL('../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8')) as string[];
    const globals = textGlobals(textsFor('ur'));
    for (const s of naughty) {
      const model = { ...MODEL, title: s, items: [{ name: s }] };
      const [interpreted, compiled] = both('translated', model, globals);
      assert.equal(compiled, interpreted, JSON.stringify(s));
      assert.doesNotMatch(compiled.replace(/<\/?(p|a|bdi|li)\b[^>]*>/g, ''), /<|>/, "nothing but the template's own tags");
    }
  });

  test('declines what it does not cover, so LiquidJS renders it', () => {
    const compiler = new LiquidCompiler(safeLiquid(dir));
    for (const name of ['withFilter', 'withAssign', 'withRange', 'withInclude', 'withBlockSuper', 'usesUnsupportedPartial'])
      assert.equal(compiler.compile(name), null, name);
    assert.ok(compiler.compile('page'));
  });

  test("compiles every bundled theme's every template (none falls back to the interpreter)", () => {
    for (const { name: theme } of BUNDLED_THEMES) {
      const compiler = new LiquidCompiler(safeLiquid(path.join(THEMES_DIR, theme)));
      for (const file of readdirSync(path.join(THEMES_DIR, theme)).filter((f) => f.endsWith('.liquid')))
        assert.ok(compiler.compile(file.replace(/\.liquid$/, '')), `${theme}/${file}`);
    }
  });
});
