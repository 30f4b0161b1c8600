import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { TemplateError } from '../../domain/themes/template-error.js';
import { THEMES_DIR } from '../theme.js';
import { checkTemplates, memoryLiquid, templateErrorOf } from './memory-templates.js';

const engineWith = (files: Record<string, string>) => memoryLiquid(new Map(Object.entries(files)));
const failure = (files: Record<string, string>, template: string): TemplateError => {
  try {
    engineWith(files).renderFileSync(template, { title: '<b>' });
  } catch (error) {
    return templateErrorOf(error, `${template}.liquid`);
  }
  assert.fail(`${template} rendered`);
};

test('templates include, render and lay out only the set’s own templates, by name', () => {
  const files = {
    'layout.liquid': '<main>{% block content %}{% endblock %}</main>',
    'page.liquid': "{% layout 'layout' %}{% block content %}<h1>{{ title }}</h1>{% render 'part' %}{% endblock %}",
    'part.liquid': '<p>part</p>',
  };
  assert.equal(engineWith(files).renderFileSync('page', { title: '<b>' }), '<main><h1>&lt;b&gt;</h1><p>part</p></main>');
});

test('no path reaches a file: absolute, relative, or a real theme file on disk', () => {
  const onDisk = path.join(THEMES_DIR, 'default', 'layout');
  for (const tag of [
    "{% include '/etc/passwd' %}",
    "{% include '../../../../etc/passwd' %}",
    "{% render './part' %}",
    `{% include '${onDisk}' %}`,
    "{% layout 'default/layout' %}",
    "{% include 'part.liquid' %}",
  ]) {
    const error = failure({ 'page.liquid': tag, 'part.liquid': 'x' }, 'page');
    assert.match(error.reason, /^there is no template/, tag);
    assert.equal(error.file, 'page.liquid');
    assert.equal(error.line, 1);
  }
});

test('a runaway loop and endless self-inclusion are stopped, with a reason', () => {
  const started = performance.now();
  const loop = failure({ 'page.liquid': '{% for i in (1..100000) %}{% for j in (1..100000) %}{{ j }}{% endfor %}{% endfor %}' }, 'page');
  assert.match(loop.reason, /ran too long/);
  assert.ok(performance.now() - started < 5000);
  assert.match(failure({ 'page.liquid': "x{% render 'page' %}" }, 'page').reason, /includes itself|ran too long|built too much/);
  const big = "{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s.size }}";
  assert.match(failure({ 'page.liquid': big }, 'page').reason, /built too much/);
});

test('compile errors name the file, line, column and reason', () => {
  assert.throws(
    () => checkTemplates(memoryLiquid(new Map()), new Map([['a.liquid', 'one\ntwo {{ x | nosuch }}']])),
    (e: unknown) => e instanceof TemplateError && e.message === 'a.liquid, line 2, column 5: undefined filter: nosuch',
  );
  assert.throws(
    () => checkTemplates(memoryLiquid(new Map()), new Map([['b.liquid', '{% if x %}\nno end']])),
    (e: unknown) => e instanceof TemplateError && e.file === 'b.liquid' && e.line === 1,
  );
});
