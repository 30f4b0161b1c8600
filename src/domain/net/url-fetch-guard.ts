/**
 * The one way Dastan requests another site (import media, webhooks, blog-list feeds, later webmentions):
 * http(s) only; the host name resolved first and every address it resolves to checked, through a
 * `lookup` hook so the connection goes to the address that was checked (no gap for DNS rebinding);
 * each redirect checked again; limits on time, size, redirects and content type. Addresses that are not
 * public (see `isPublicAddress`) are refused unless the install's allow-list (OUTBOUND_ALLOW) names them.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { AllowList, addressValue, isPublicAddress } from './ip-ranges.js';

export { isPublicAddress } from './ip-ranges.js';

/** The install-level allow-list: host names, addresses and CIDR networks fetched although not public. */
export interface OutboundPolicy {
  allow: readonly string[];
}

export const NO_EXCEPTIONS: OutboundPolicy = { allow: [] };

export interface FetchOptions {
  method?: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole fetch, redirects included. Default 15 s. */
  timeoutMs?: number;
  /** Default 5 MB. */
  maxBytes?: number;
  /** Default 3. */
  maxRedirects?: number;
  /** Content types a successful answer may have (`image/*` matches any image); none: any. */
  accept?: readonly string[];
}

export interface FetchResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The address answered at, after redirects. */
  finalUrl: string;
}

/** The fetch did not succeed (no answer in time, the connection failed); `message` says why, in words. */
export class FetchError extends Error {}

/** The guard refused the fetch (address, scheme, size, type or redirects); `message` says why, in words. */
export class FetchRefusedError extends FetchError {}

/** A size in words: `20 MB`, `200 KB`. */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const allowLists = new WeakMap<OutboundPolicy, AllowList>();

function allowListOf(policy: OutboundPolicy): AllowList {
  let list = allowLists.get(policy);
  if (!list) allowLists.set(policy, (list = new AllowList(policy.allow)));
  return list;
}

function checkAddress(ip: string, hostname: string, allow: AllowList): void {
  if (!isPublicAddress(ip) && !allow.allowsHost(hostname) && !allow.allowsAddress(ip))
    throw new FetchRefusedError(`refused: ${ip.replace(/^\[|\]$/g, '')} is a private or local address`);
}

function checkUrl(url: URL, allow: AllowList): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefusedError(`refused: ${url.protocol} is not http or https`);
  if (url.username || url.password) throw new FetchRefusedError('refused: the address carries a user name or password');
  // An address written in the URL is connected to without a lookup: check it here.
  if (addressValue(url.hostname)) checkAddress(url.hostname, url.hostname, allow);
}

/**
 * dns.lookup that refuses a name when any of its addresses is not allowed (a name may resolve to a
 * public and a private one) and hands the socket only the addresses it checked.
 */
function guardedLookup(allow: AllowList): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { family: options.family, hints: options.hints, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      try {
        for (const a of addresses) checkAddress(a.address, hostname, allow);
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

interface Hop {
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

function send(url: URL, hop: Hop, allow: AllowList, signal: AbortSignal): Promise<http.IncomingMessage> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // agent: false — a fresh connection every time. A pooled keep-alive socket would skip the lookup,
    // and with it the check: a socket opened under another policy (or before a name changed) reused.
    const request = client.request(url, { method: hop.method, headers: hop.headers, lookup: guardedLookup(allow), signal, agent: false });
    request.on('response', resolve);
    request.on('error', reject);
    request.end(hop.body);
  });
}

async function readBody(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooBig = () => new FetchRefusedError(`larger than ${sizeText(maxBytes)}`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw tooBig();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.destroy();
      throw tooBig();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function typeAccepted(contentType: string | undefined, accept: readonly string[]): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return accept.some((a) => (a.endsWith('/*') ? type.startsWith(a.slice(0, -1)) : type === a.toLowerCase()));
}

/** The next hop's request after a redirect: 303 (and 301/302 after a POST) become a GET; credentials stay on their origin. */
function redirected(hop: Hop, status: number, from: URL, to: URL): Hop {
  const headers = { ...hop.headers };
  if (to.origin !== from.origin) for (const name of Object.keys(headers)) if (/^(authorization|cookie)$/i.test(name)) delete headers[name];
  if (status === 303 || ((status === 301 || status === 302) && hop.method === 'POST')) {
    for (const name of Object.keys(headers)) if (/^content-/i.test(name)) delete headers[name];
    return { method: hop.method === 'HEAD' ? 'HEAD' : 'GET', headers, body: undefined };
  }
  return { ...hop, headers };
}

/**
 * Requests `address` under the guard and the limits; answers of any status are returned (redirects
 * followed). Throws FetchRefusedError when the guard or a limit refuses, FetchError when the fetch fails.
 */
export async function fetchGuarded(address: string, options: FetchOptions, policy: OutboundPolicy): Promise<FetchResult> {
  const allow = allowListOf(policy);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const maxRedirects = options.maxRedirects ?? 3;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new FetchRefusedError('not a valid address');
  }
  const headers: Record<string, string> = { 'user-agent': 'Dastan', ...options.headers };
  if (options.accept && !Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.accept = options.accept.join(', ');
  let hop: Hop = { method: options.method ?? 'GET', headers, body: options.body };
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    for (let hops = 0; ; hops++) {
      checkUrl(url, allow);
      const response = await send(url, hop, allow, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location) {
        response.resume();
        if (hops >= maxRedirects) throw new FetchRefusedError(`more than ${maxRedirects} redirects`);
        const next = new URL(location, url);
        hop = redirected(hop, status, url, next);
        url = next;
        continue;
      }
      if (status >= 200 && status < 300 && options.accept && !typeAccepted(response.headers['content-type'], options.accept)) {
        response.destroy();
        throw new FetchRefusedError(
          `the answer is ${response.headers['content-type'] ?? 'of no stated type'}, not ${options.accept.join(' or ')}`,
        );
      }
      const body = await readBody(response, options.maxBytes ?? 5 * 1024 * 1024);
      return { status, headers: response.headers, body, finalUrl: url.href };
    }
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (signal.aborted)
      throw new FetchError(`no answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
    throw new FetchError((error as Error).message || 'the fetch failed');
  }
}
