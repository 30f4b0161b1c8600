/**
 * The Theme screen's colour fields over HTTP, on both databases: a picker and swatches for each colour
 * (shown by the script; the hex field is what the form sends), and the contrast of the text and the
 * links on the background as the page first shows it — for the saved colours, and for the colours a
 * refused form sent — in English and in Urdu.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Client } from '../helpers/browser-client.js';
import { makeBlog } from '../helpers/factories.js';
import { themeColoursView } from '../../src/render/dashboard/theme-colours.presenter.js';

/** The contrast rows as the page prints them: [which, ratio, verdict class]. */
const contrastOf = (html: string) =>
  [
    ...html.matchAll(
      /data-contrast="(\w+)">[\s\S]*?<strong data-ratio dir="ltr">([\d.]+:1)<\/strong>\s*<span class="verdict (pass|fail)"/g,
    ),
  ].map((m) => [m[1], m[2], m[3]]);

describe('the contrast the Theme screen first shows', () => {
  test('uses the placeholders for empty or unfinished fields, three-digit hex in full, and 4.5:1 as the line', () => {
    const empty = themeColoursView({ background: '', text: '', accent: '#12' });
    assert.deepEqual(
      empty.colours.map((c) => c.shown),
      ['#ffffff', '#1f2328', '#0b57d0'],
    );
    assert.equal(themeColoursView({ background: '#FFF', text: '#000', accent: '' }).colours[0]!.shown, '#ffffff');
    const black = themeColoursView({ background: '#fff', text: '#000', accent: '#767676' }).contrast;
    assert.deepEqual(black[0], { name: 'text', ratio: '21.0:1', passes: true });
    // #767676 on white is 4.54:1, the lightest grey that passes; #777777 is 4.48:1.
    assert.equal(black[1]!.passes, true);
    assert.equal(themeColoursView({ background: '#fff', text: '#000', accent: '#777777' }).contrast[1]!.passes, false);
  });
});

for (const database of testDatabases) {
  describe(`the Theme screen's colours on ${database.name}`, { skip: database.skip }, () => {
    let t: TestApp;
    let own: Client;

    before(async () => {
      t = await startTestApp(database);
      const blog = await makeBlog(t.services, { name: 'www', title: 'Home blog' });
      const owner = await t.services.users.createUser({ email: 'owner@example.com', displayName: 'Olive Owner' });
      await t.services.users.addMember(blog.id, owner.id, 'owner');
      own = await new Client(t.app).signInAs(t.services, owner);
    });
    after(() => t.close());

    test('each colour has a picker and swatches for the script, the hex field for the form, and the contrast of the saved colours', async () => {
      assert.equal((await own.post('/admin/blogs/www/theme/settings', { background: '#fdf6e3', text: '#2d2a26' })).statusCode, 303);
      const page = await own.get('/admin/blogs/www/theme');
      for (const name of ['background', 'text', 'accent']) {
        assert.match(
          page.body,
          new RegExp(
            `<input type="color" id="${name}-picker" value="#[0-9a-f]{6}" aria-label="Pick the [^"]+ colour" data-needs-script hidden>`,
          ),
        );
        assert.match(page.body, new RegExp(`<input type="text" id="${name}" name="${name}"`));
      }
      assert.match(page.body, /<input type="color" id="background-picker" value="#fdf6e3"/);
      assert.equal((page.body.match(/class="swatch" data-swatch="#[0-9a-f]{6}"/g) ?? []).length, 18);
      assert.deepEqual(contrastOf(page.body), [
        ['text', '13.2:1', 'pass'],
        ['accent', '5.9:1', 'pass'],
      ]);
      const script = /<script type="module" src="(\/admin\/static\/theme\.js\?v=[0-9a-f]+)"><\/script>/.exec(page.body);
      if (script) assert.equal((await own.get(script[1]!)).statusCode, 200);
    });

    test('a refused form shows the contrast of what it sent, and says why', async () => {
      const res = await own.post('/admin/blogs/www/theme/settings', { background: '#ffffff', text: '#aaaaaa', accent: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /contrast of 2\.3:1/);
      assert.deepEqual(contrastOf(res.body)[0], ['text', '2.3:1', 'fail']);
      assert.match(res.body, /too faint: readers need at least 4\.5:1/);
    });

    test('in Urdu the words are Urdu and the ratio stays left-to-right', async () => {
      await own.post('/admin/account/language', { language: 'ur' });
      const page = await own.get('/admin/blogs/www/theme');
      assert.match(page.body, /پس منظر پر متن/);
      assert.match(page.body, /<strong data-ratio dir="ltr">13\.2:1<\/strong>/);
    });
  });
}
