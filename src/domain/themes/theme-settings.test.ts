import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInputError } from '../errors.js';
import { contrastRatio, parseThemeSettings, readThemeSettings, themeSettingsCss, themeSettingsForm } from './theme-settings.js';

const refused = (form: Record<string, string>, field: string) =>
  assert.throws(
    () => parseThemeSettings(form),
    (e: unknown) => e instanceof InvalidInputError && e.field === field,
    JSON.stringify(form),
  );

test('hex colours are read and written out in full, lower case', () => {
  assert.deepEqual(parseThemeSettings({ background: '#FFF', text: ' #1A2B3C ', accent: '#a30' }), {
    background: '#ffffff',
    text: '#1a2b3c',
    accent: '#aa3300',
  });
});

test('empty fields keep the theme’s own values', () => {
  assert.deepEqual(parseThemeSettings({ background: '', text: '', accent: '', headingFont: '', bodyFont: '', contentWidth: '' }), {});
  assert.equal(themeSettingsCss({}), '');
});

test('anything but a hex colour, a listed font or a width in range is refused, naming the field', () => {
  for (const colour of ['red', '#12', '#1234', '#12345g', '#1234567', 'rgb(0,0,0)', '#fff;}body{x:y', 'var(--x)', '＃ffffff'])
    refused({ accent: colour }, 'accent');
  for (const font of ['Comic Sans', 'system;', '__proto__', 'constructor', 'toString']) refused({ bodyFont: font }, 'bodyFont');
  for (const width of ['29', '91', '40.5', '-40', '40rem', '1e2', '0x30']) refused({ contentWidth: width }, 'contentWidth');
});

test('text or links too faint on the chosen background are refused with the contrast', () => {
  assert.throws(() => parseThemeSettings({ background: '#ffffff', text: '#aaaaaa' }), /contrast of 2\.3:1/);
  assert.throws(
    () => parseThemeSettings({ background: '#000000', accent: '#0000ff' }),
    (e: unknown) => (e as InvalidInputError).field === 'accent',
  );
  assert.ok(parseThemeSettings({ background: '#ffffff', text: '#595959' }).text);
  assert.equal(Math.round(contrastRatio('#000000', '#ffffff')), 21);
});

test('the CSS holds only custom properties on :root with checked values', () => {
  const css = themeSettingsCss(parseThemeSettings({ accent: '#0b57d0', bodyFont: 'serif', headingFont: 'mono', contentWidth: '48' }));
  assert.match(css, /^\/\* The blog's colour and font settings\. \*\/\n:root \{\n/);
  assert.match(css, /--link: #0b57d0;\n {2}--focus: #0b57d0;/);
  assert.match(css, /--font-body: Charter, /);
  assert.match(css, /--font-heading: ui-monospace, /);
  assert.match(css, /--content-width: 48rem;/);
  assert.equal((css.match(/\{/g) ?? []).length, 1);
  assert.equal((css.match(/\}/g) ?? []).length, 1);
});

test('stored settings are checked again when read; broken or tampered JSON gives the theme’s own', () => {
  assert.deepEqual(readThemeSettings('{"accent":"#aa3300","contentWidth":50}'), { accent: '#aa3300', contentWidth: 50 });
  assert.deepEqual(readThemeSettings('not json'), {});
  assert.deepEqual(readThemeSettings('null'), {});
  assert.deepEqual(readThemeSettings('{"accent":"red;}body{background:url(x)"}'), {});
  assert.equal(themeSettingsCss(readThemeSettings('{"bodyFont":"x; } * { color: red"}')), '');
  assert.deepEqual(themeSettingsForm({ contentWidth: 50 }), {
    background: '',
    text: '',
    accent: '',
    headingFont: '',
    bodyFont: '',
    contentWidth: '50',
  });
});
