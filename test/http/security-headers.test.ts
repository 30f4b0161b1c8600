import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import helmet from '@fastify/helmet';
import { testDatabases } from '../helpers/databases.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeBlog, makePost } from '../helpers/factories.js';
import { SECURITY_HEADERS } from '../../src/server/app.js';

/** The headers @fastify/helmet adds when registered the usual way: a response with it, less one without. */
async function headersFromPlugin(): Promise<Record<string, string>> {
  const respond = async (withHelmet: boolean) => {
    const app = Fastify();
    if (withHelmet) await app.register(helmet, SECURITY_HEADERS);
    app.get('/', async () => 'ok');
    const res = await app.inject({ url: '/' });
    await app.close();
    return res.headers;
  };
  const [plain, helmeted] = [await respond(false), await respond(true)];
  return Object.fromEntries(Object.entries(helmeted).filter(([name]) => !(name in plain))) as Record<string, string>;
}

describe('security headers', () => {
  let t: TestApp;
  let expected: Record<string, string>;
  let postPath: string;

  before(async () => {
    expected = await headersFromPlugin();
    t = await startTestApp(testDatabases[0]!);
    const blog = await makeBlog(t.services, { name: 'headers' });
    const post = await makePost(t.services, blog, { publishedAt: Date.parse('2026-10-01T10:00:00Z') });
    postPath = `/2026/10/${post.slug}.html`;
  });
  after(() => t.close());

  test('are the ones @fastify/helmet sets, with a strict content security policy', () => {
    assert.ok(Object.keys(expected).length >= 8, Object.keys(expected).join());
    assert.match(expected['content-security-policy']!, /default-src 'self'/);
    assert.match(expected['content-security-policy']!, /object-src 'none'/);
    assert.equal(expected['x-content-type-options'], 'nosniff');
    assert.equal(expected['x-frame-options'], 'SAMEORIGIN');
    assert.equal(expected['referrer-policy'], 'same-origin');
    assert.match(expected['content-security-policy']!, /frame-ancestors 'self'/);
  });

  test('leave out the headers of browsers and plug-ins that no longer exist', async () => {
    const post = await t.get('headers', postPath);
    for (const header of ['x-xss-protection', 'x-download-options', 'x-permitted-cross-domain-policies'])
      assert.equal(post.headers[header], undefined, header);
  });

  test('come with every response: pages, 404s, unknown hosts, static files', async () => {
    const responses = {
      post: await t.get('headers', postPath),
      missing: await t.get('headers', '/2026/10/nothing-here.html'),
      unknownHost: await t.get('nosuchblog', '/'),
      stylesheet: await t.get('headers', '/static/theme.css'),
    };
    assert.equal(responses.post.statusCode, 200);
    assert.equal(responses.missing.statusCode, 404);
    assert.equal(responses.unknownHost.statusCode, 404);
    for (const [name, res] of Object.entries(responses)) {
      for (const [header, value] of Object.entries(expected)) assert.equal(res.headers[header], value, `${name}: ${header}`);
    }
  });
});
