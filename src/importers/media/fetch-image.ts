/**
 * Fetching one image an imported post links to, with strict limits: http and https only (also after
 * a redirect), a few redirects at most, a deadline for the whole fetch, a byte limit enforced while
 * reading, and no private, loopback or link-local address — checked on the address actually
 * connected to (a lookup hook), so a name that resolves to 127.0.0.1 is refused as well.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

export interface MediaFetchLimits {
  /** The whole fetch, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /**
   * Addresses fetched although private (tests serve images on 127.0.0.1). Empty by default: an
   * export cannot make the server fetch from its own network.
   */
  allowAddresses: readonly string[];
}

export const DEFAULT_MEDIA_LIMITS: MediaFetchLimits = {
  timeoutMs: 20_000,
  maxBytes: 20 * 1024 * 1024,
  maxRedirects: 3,
  allowAddresses: [],
};

/** A size limit in words: `20 MB`, `200 KB`. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Why an image was not fetched, in words for the report. */
export class MediaFetchError extends Error {}

const PRIVATE = new net.BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(network, prefix, 'ipv6');

/** True when an address is not on the public internet (loopback, private, link-local, multicast…). */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return PRIVATE.check(address, 'ipv4');
  if (family !== 6) return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return PRIVATE.check(mapped, 'ipv4');
  return PRIVATE.check(address, 'ipv6');
}

function checkAddress(address: string, limits: MediaFetchLimits): void {
  if (isPrivateAddress(address) && !limits.allowAddresses.includes(address))
    throw new MediaFetchError(`refused: ${address} is a private or local address`);
}

/**
 * dns.lookup, refusing private addresses. Every address is asked for and checked (a name may resolve
 * to a public and a private one); the caller gets the answer in the shape it asked for.
 */
function guardedLookup(limits: MediaFetchLimits): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      try {
        for (const a of addresses) checkAddress(a.address, limits);
      } catch (refused) {
        return callback(refused as NodeJS.ErrnoException, '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

function get(url: URL, limits: MediaFetchLimits, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, {
      lookup: guardedLookup(limits),
      signal,
      headers: { 'user-agent': 'Dastan-importer', accept: 'image/*' },
    });
    request.on('response', resolve);
    request.on('error', reject);
  });
}

function checkUrl(url: URL, limits: MediaFetchLimits): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MediaFetchError(`refused: ${url.protocol} is not http or https`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address written in the URL is connected to without a lookup: check it here.
  if (net.isIP(host)) checkAddress(host, limits);
}

async function readBody(response: http.IncomingMessage, limits: MediaFetchLimits): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  const tooBig = () => new MediaFetchError(`larger than ${sizeText(limits.maxBytes)}`);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    response.destroy();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > limits.maxBytes) {
      response.destroy();
      throw tooBig();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The bytes at `address`, or a MediaFetchError saying why not. */
export async function fetchImage(address: string, limits: MediaFetchLimits = DEFAULT_MEDIA_LIMITS): Promise<Buffer> {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new MediaFetchError('not a valid address');
  }
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    for (let hop = 0; ; hop++) {
      checkUrl(url, limits);
      const response = await get(url, limits, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.resume();
        if (hop >= limits.maxRedirects) throw new MediaFetchError(`more than ${limits.maxRedirects} redirects`);
        url = new URL(response.headers.location, url);
        continue;
      }
      if (status !== 200) {
        response.resume();
        throw new MediaFetchError(`the server answered ${status}`);
      }
      return await readBody(response, limits);
    }
  } catch (error) {
    if (error instanceof MediaFetchError) throw error;
    if (signal.aborted) throw new MediaFetchError(`no answer within ${Math.round(limits.timeoutMs / 1000)} s`);
    throw new MediaFetchError((error as Error).message || 'the fetch failed');
  }
}
