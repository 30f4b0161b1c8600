import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HUGE_BYTES, IMAGE_PATHS, startImageServer, type ImageServer } from '../../../test/helpers/image-server.js';
import { DEFAULT_MEDIA_LIMITS, fetchImage, isPrivateAddress, MediaFetchError, type MediaFetchLimits } from './fetch-image.js';

let server: ImageServer;
before(async () => {
  server = await startImageServer();
});
after(() => server.close());

const local: MediaFetchLimits = { timeoutMs: 2000, maxBytes: 200 * 1024, maxRedirects: 3, allowAddresses: ['127.0.0.1'] };
const url = (path: string) => `${server.origin}${path}`;

async function refused(address: string, limits: MediaFetchLimits, reason: RegExp): Promise<void> {
  await assert.rejects(fetchImage(address, limits), (error: unknown) => {
    assert.ok(error instanceof MediaFetchError, String(error));
    assert.match(error.message, reason);
    return true;
  });
}

test('private, loopback and link-local addresses are told apart from public ones', () => {
  for (const a of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '100.64.0.1',
    // IPv4-mapped IPv6 is refused whole: a name's AAAA record has no business pointing into IPv4.
    '::ffff:8.8.8.8',
  ])
    assert.equal(isPrivateAddress(a), true, a);
  for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) assert.equal(isPrivateAddress(a), false, a);
});

test('an image is fetched when its address is allowed explicitly', async () => {
  const bytes = await fetchImage(url(IMAGE_PATHS.photo), local);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
});

test('by default the server refuses its own network: an address or a name resolving to one', async () => {
  await refused(url(IMAGE_PATHS.photo), DEFAULT_MEDIA_LIMITS, /refused: 127\.0\.0\.1 is a private or local address/);
  await refused(url(IMAGE_PATHS.photo).replace('127.0.0.1', 'localhost'), DEFAULT_MEDIA_LIMITS, /refused: (127\.0\.0\.1|::1) is a private/);
  await refused('http://169.254.169.254/latest/meta-data', local, /169\.254\.169\.254 is a private/);
  await refused('http://[::1]/x.png', local, /::1 is a private/);
  // Issue 19, item 8: an import tried to connect to [::7f00:1]. IPv4-compatible, mapped, NAT64, 6to4, site-local:
  for (const ip of ['::7f00:1', '::ffff:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::', 'fec0::1'])
    await refused(`http://[${ip}]/x.png`, local, new RegExp(`${ip.replaceAll('.', '\\.')} is a private`));
  const before = server.hits.get(IMAGE_PATHS.photo) ?? 0;
  await refused(url(IMAGE_PATHS.photo), { ...local, allowAddresses: [] }, /private/);
  assert.equal(server.hits.get(IMAGE_PATHS.photo) ?? 0, before, 'nothing was requested');
});

test('only http and https, also after a redirect; a bounded number of redirects', async () => {
  await refused('ftp://example.com/x.png', local, /ftp: is not http or https/);
  await refused('file:///etc/passwd', local, /file: is not http or https/);
  await refused(url(IMAGE_PATHS.toFtp), local, /ftp: is not http or https/);
  await refused(url(IMAGE_PATHS.hopping), local, /more than 3 redirects/);
  await refused('not a url', local, /not a valid address/);
});

test('a missing file, one too large and one that never comes are each refused with the reason', async () => {
  await refused(url(IMAGE_PATHS.missing), local, /the server answered 404/);
  assert.ok(HUGE_BYTES > local.maxBytes);
  await refused(url(IMAGE_PATHS.huge), local, /larger than 200 KB/);
  const started = Date.now();
  await refused(url(IMAGE_PATHS.slow), { ...local, timeoutMs: 300 }, /no answer within/);
  assert.ok(Date.now() - started < 2000);
});
