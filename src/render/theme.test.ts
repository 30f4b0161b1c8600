import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encode } from 'html-entities';
import { escapeHtml, loadTheme, safeLiquid, type Theme } from './theme.js';
import { CUSTOM_RENDER_LIMIT_MS, memoryLiquid } from './themes/memory-templates.js';

let dir: string;
let theme: Theme;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dastan-theme-'));
  mkdirSync(path.join(dir, 'test'));
  writeFileSync(path.join(dir, 'test', 'theme.css'), 'body{}');
  writeFileSync(path.join(dir, 'test', 'layout.liquid'), '<main>{% block content %}{% endblock %}</main>');
  writeFileSync(
    path.join(dir, 'test', 'page.liquid'),
    "{% layout 'layout' %}{% block content %}<h1>{{ title }}</h1>{% for item in items %}{% render 'item', item: item %}{% endfor %}{% endblock %}",
  );
  writeFileSync(path.join(dir, 'test', 'item.liquid'), '<li>{{ item }}</li>');
  theme = loadTheme('test', dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('output is escaped', async () => {
  assert.equal(
    await theme.render('page', { title: '<script>&"', items: ['<b>'] }),
    '<main><h1>&lt;script&gt;&amp;&quot;</h1><li>&lt;b&gt;</li></main>',
  );
});

test("many pages rendered at once all arrive: shipped templates have no render-time limit, an owner's keep theirs", async () => {
  // Asynchronous renders interleave at every partial and LiquidJS charges each the wall-clock time of all:
  // with a time limit, enough of them at once failed. Give them, together, far more than a second.
  const model = { title: 'Big', items: Array.from({ length: 2000 }, (_, i) => `item ${i}`) };
  await theme.render('page', model);
  const started = performance.now();
  await theme.render('page', model);
  const one = Math.max(performance.now() - started, 1);
  const count = Math.min(Math.ceil((3 * CUSTOM_RENDER_LIMIT_MS) / one), 1000);
  const pages = await Promise.all(Array.from({ length: count }, () => theme.render('page', model)));
  assert.equal(pages.length, count);
  assert.equal(safeLiquid(dir).options.renderLimit, Infinity);
  assert.equal(memoryLiquid(new Map()).options.renderLimit, CUSTOM_RENDER_LIMIT_MS);
});

test('escapeHtml writes the same entities as html-entities, for every naughty string', () => {
  const naughty = JSON.parse(readFileSync(new URL('../../test/fixtures/naughty/blns.json', import.meta.url), 'utf8')) as string[];
  for (const text of [...naughty, `<a href='x' title="y">&amp;</a>`, '', 'plain'])
    assert.equal(escapeHtml(text), encode(text), JSON.stringify(text.slice(0, 40)));
  assert.equal(escapeHtml(`<'&">`), '&lt;&apos;&amp;&quot;&gt;');
});
