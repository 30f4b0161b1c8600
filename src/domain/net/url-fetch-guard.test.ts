/**
 * The URL-fetch guard against a local peer on 127.0.0.1 (allowed only through the policy): every
 * spelling of a loopback, private, link-local, mapped, NAT64, 6to4 or site-local address is refused,
 * as are names resolving to them, redirects to them and schemes other than http(s) — and nothing of a
 * refused fetch reaches the peer. Limits on size, time, redirects and content type hold.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { loadConfig, ConfigError } from '../../config.js';
import { isAllowEntry } from './ip-ranges.js';
import { FetchError, fetchGuarded, FetchRefusedError, isPublicAddress, NO_EXCEPTIONS, type OutboundPolicy } from './url-fetch-guard.js';

interface Peer {
  origin: string;
  port: number;
  hits: string[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}

async function startPeer(routes: (path: string, req: http.IncomingMessage, res: http.ServerResponse, peer: Peer) => void): Promise<Peer> {
  const peer = { hits: [], headers: [] } as unknown as Peer;
  const server = http.createServer((req, res) => {
    peer.hits.push(`${req.method} ${req.url}`);
    peer.headers.push(req.headers);
    routes(req.url ?? '/', req, res, peer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.address() as AddressInfo).port;
  peer.origin = `http://127.0.0.1:${peer.port}`;
  peer.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return peer;
}

const LOCAL: OutboundPolicy = { allow: ['127.0.0.1'] };

async function refused(url: string, policy: OutboundPolicy, reason: RegExp, options = {}): Promise<void> {
  await assert.rejects(
    fetchGuarded(url, options, policy),
    (error: unknown) => {
      assert.ok(error instanceof FetchRefusedError, `${url}: ${String(error)}`);
      assert.match(error.message, reason);
      return true;
    },
    url,
  );
}

describe('isPublicAddress', () => {
  test('refuses every address off the public internet, however it is spelled', () => {
    for (const ip of [
      '127.0.0.1',
      '127.255.255.254',
      '10.0.0.1',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '100.127.255.255',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '192.0.0.8',
      '198.18.0.1',
      '::',
      '::1',
      '0:0:0:0:0:0:0:1',
      '::7f00:1', // IPv4-compatible 127.0.0.1
      '::127.0.0.1',
      '::ffff:127.0.0.1', // IPv4-mapped
      '::ffff:7f00:1',
      '::ffff:8.8.8.8', // mapped public too: refused whole
      '::ffff:0:7f00:1', // IPv4-translated
      '64:ff9b::7f00:1', // NAT64
      '64:ff9b::8.8.8.8',
      '64:ff9b:1::1', // local-use NAT64
      '2002:7f00:1::1', // 6to4 of 127.0.0.1
      '2002:0808:0808::1',
      '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
      '2001:db8::1',
      'fec0::1', // site-local
      'feff::1',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '100::1',
      '[::1]',
      'localhost',
      'not an address',
      '',
    ])
      assert.equal(isPublicAddress(ip), false, ip);
  });

  test('accepts public IPv4 and global unicast IPv6', () => {
    for (const ip of [
      '8.8.8.8',
      '93.184.216.34',
      '1.1.1.1',
      '172.32.0.1',
      '100.128.0.1',
      '2606:4700::1111',
      '2a00:1450:4001:80b::200e',
      '[2001:4860:4860::8888]',
    ])
      assert.equal(isPublicAddress(ip), true, ip);
  });
});

describe('OUTBOUND_ALLOW', () => {
  test('takes host names, addresses and CIDR networks, and names the variable when one is bad', () => {
    for (const entry of ['127.0.0.1', '::1', '[::1]', '10.0.0.0/8', 'fd00::/8', 'intranet.example', 'localhost'])
      assert.ok(isAllowEntry(entry), entry);
    for (const entry of ['10.0.0.0/33', '::1/129', '1.2.3.4/x', 'http://x', 'a b', '-bad.example', '10.0.0.0/8/1'])
      assert.ok(!isAllowEntry(entry), entry);
    assert.deepEqual(loadConfig({ OUTBOUND_ALLOW: ' 127.0.0.1, ::1 ,10.0.0.0/8,', DATA_DIR: '/tmp/dastan-config-test' }).outboundAllow, [
      '127.0.0.1',
      '::1',
      '10.0.0.0/8',
    ]);
    assert.deepEqual(loadConfig({ DATA_DIR: '/tmp/dastan-config-test' }).outboundAllow, []);
    assert.throws(
      () => loadConfig({ OUTBOUND_ALLOW: '127.0.0.1,10.0.0.0/99', DATA_DIR: '/tmp/dastan-config-test' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^OUTBOUND_ALLOW: must be host names, IP addresses or CIDR networks/);
        return true;
      },
    );
  });
});

describe('fetchGuarded with a local peer', () => {
  let peer: Peer;
  let other: Peer;
  before(async () => {
    other = await startPeer((_path, req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`other saw ${req.method}`));
    peer = await startPeer((path, req, res, self) => {
      if (path === '/hello') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<p>hello</p>');
      if (path === '/echo') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        return void req.on('end', () => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ got: body })));
      }
      if (path === '/missing') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
      if (path === '/to-hello') return void res.writeHead(302, { location: '/hello' }).end();
      if (path === '/to-other') return void res.writeHead(303, { location: `${other.origin}/x` }).end();
      if (path === '/to-loopback-2') return void res.writeHead(302, { location: `http://127.0.0.2:${self.port}/hello` }).end();
      if (path === '/to-v6') return void res.writeHead(301, { location: `http://[::ffff:127.0.0.1]:${self.port}/hello` }).end();
      if (path === '/to-metadata') return void res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      if (path === '/to-file') return void res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      if (path === '/to-gopher') return void res.writeHead(302, { location: 'gopher://127.0.0.1:70/_x' }).end();
      if (path === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (path === '/big')
        return void res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 3_000_000 }).end(Buffer.alloc(3_000_000));
      if (path === '/big-chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 30; i++) res.write(Buffer.alloc(100_000));
        return void res.end();
      }
      if (path === '/slow') return; // never answers
      res.writeHead(500).end();
    });
  });
  after(async () => {
    await peer.close();
    await other.close();
  });

  test('an allowed peer answers: status, headers, body, final address after a redirect', async () => {
    const result = await fetchGuarded(`${peer.origin}/to-hello`, { accept: ['text/html'] }, LOCAL);
    assert.equal(result.status, 200);
    assert.equal(result.body.toString(), '<p>hello</p>');
    assert.equal(result.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(result.finalUrl, `${peer.origin}/hello`);
    const missing = await fetchGuarded(`${peer.origin}/missing`, {}, LOCAL);
    assert.equal(missing.status, 404);
    const posted = await fetchGuarded(
      `${peer.origin}/echo`,
      { method: 'POST', body: 'ping=1', headers: { 'content-type': 'text/plain' } },
      LOCAL,
    );
    assert.equal(posted.status, 201);
    assert.deepEqual(JSON.parse(posted.body.toString()), { got: 'ping=1' });
    // A host name on the list allows whatever it resolves to.
    const byName = await fetchGuarded(`http://localhost:${peer.port}/hello`, {}, { allow: ['localhost'] });
    assert.equal(byName.body.toString(), '<p>hello</p>');
    const byNetwork = await fetchGuarded(`${peer.origin}/hello`, {}, { allow: ['127.0.0.0/8'] });
    assert.equal(byNetwork.status, 200);
  });

  test('loopback, private and odd IPv6 spellings are refused before anything is sent', async () => {
    const hits = peer.hits.length;
    const p = peer.port;
    for (const url of [
      `${peer.origin}/hello`,
      `http://localhost:${p}/hello`, // a name resolving to loopback
      `http://[::1]:${p}/hello`,
      `http://[::7f00:1]:${p}/hello`,
      `http://[::ffff:127.0.0.1]:${p}/hello`,
      `http://[::ffff:7f00:1]:${p}/hello`,
      `http://[64:ff9b::7f00:1]:${p}/hello`,
      `http://[2002:7f00:1::]:${p}/hello`,
      `http://[fec0::1]:${p}/hello`,
      `http://2130706433:${p}/hello`, // 127.0.0.1 as one number
      `http://0x7f.1:${p}/hello`,
      `http://0:${p}/hello`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://100.64.1.1/',
      'http://255.255.255.255/',
      'http://224.0.0.1/',
    ])
      await refused(url, NO_EXCEPTIONS, /^refused: .* is a private or local address$/);
    // With 127.0.0.1 allowed, its other spellings that are not 127.0.0.1 stay refused.
    await refused(`http://[::ffff:127.0.0.1]:${p}/hello`, LOCAL, /private or local/);
    await refused(`http://127.0.0.2:${p}/hello`, LOCAL, /127\.0\.0\.2 is a private/);
    // A name whose addresses include one not on the list is refused whole.
    await refused(`http://localhost:${p}/hello`, { allow: ['10.0.0.0/8'] }, /private or local/);
    assert.equal(peer.hits.length, hits, 'nothing reached the peer');
  });

  test('only http and https, also after a redirect; a redirect to a private address is refused', async () => {
    await refused('file:///etc/passwd', LOCAL, /refused: file: is not http or https/);
    await refused('gopher://127.0.0.1:70/_x', LOCAL, /refused: gopher: is not http or https/);
    await refused('ftp://example.com/x', LOCAL, /ftp: is not http or https/);
    await refused('javascript:alert(1)', LOCAL, /javascript: is not http or https/);
    await refused('not a url', LOCAL, /not a valid address/);
    await refused(`http://user:pw@127.0.0.1:${peer.port}/hello`, LOCAL, /user name or password/);
    await refused(`${peer.origin}/to-file`, LOCAL, /file: is not http or https/);
    await refused(`${peer.origin}/to-gopher`, LOCAL, /gopher: is not http or https/);
    await refused(`${peer.origin}/to-loopback-2`, LOCAL, /127\.0\.0\.2 is a private/);
    await refused(`${peer.origin}/to-v6`, LOCAL, /::ffff:7f00:1 is a private/);
    await refused(`${peer.origin}/to-metadata`, LOCAL, /169\.254\.169\.254 is a private/);
    await refused(`${peer.origin}/loop`, LOCAL, /more than 3 redirects/);
    await refused(`${peer.origin}/to-hello`, LOCAL, /more than 0 redirects/, { maxRedirects: 0 });
  });

  test('a redirect to another origin drops credentials and turns a 303 into a GET', async () => {
    const result = await fetchGuarded(
      `${peer.origin}/to-other`,
      { method: 'POST', body: 'secret', headers: { authorization: 'Bearer s3cret', cookie: 'a=b', 'content-type': 'text/plain' } },
      LOCAL,
    );
    assert.equal(result.body.toString(), 'other saw GET');
    const seen = other.headers.at(-1)!;
    assert.equal(seen.authorization, undefined);
    assert.equal(seen.cookie, undefined);
    assert.equal(seen['content-type'], undefined);
  });

  test('limits: size (declared or streamed), time and content type', async () => {
    await refused(`${peer.origin}/big`, LOCAL, /larger than 1 MB/, { maxBytes: 1024 * 1024 });
    await refused(`${peer.origin}/big-chunked`, LOCAL, /larger than 1 MB/, { maxBytes: 1024 * 1024 });
    await refused(`${peer.origin}/hello`, LOCAL, /the answer is text\/html; charset=utf-8, not application\/json or image\/\*/, {
      accept: ['application/json', 'image/*'],
    });
    const started = Date.now();
    await assert.rejects(fetchGuarded(`${peer.origin}/slow`, { timeoutMs: 300 }, LOCAL), (error: unknown) => {
      assert.ok(error instanceof FetchError && !(error instanceof FetchRefusedError), String(error));
      assert.match(error.message, /no answer within 300 ms/);
      return true;
    });
    assert.ok(Date.now() - started < 5000);
  });
});
