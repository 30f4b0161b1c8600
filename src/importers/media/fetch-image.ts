/**
 * Fetching one image an imported post links to, through the URL-fetch guard (`domain/net`): http and
 * https only (also after a redirect), a few redirects at most, a deadline for the whole fetch, a byte
 * limit enforced while reading, an image type, and no address off the public internet unless the
 * install's allow-list names it — checked on the address actually connected to.
 */
import { FetchError, fetchGuarded, isPublicAddress } from '../../domain/net/url-fetch-guard.js';

export interface MediaFetchLimits {
  /** The whole fetch, redirects included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /**
   * Hosts, addresses and networks fetched although private (OUTBOUND_ALLOW; tests serve images on
   * 127.0.0.1). Empty by default: an export cannot make the server fetch from its own network.
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
export { sizeText } from '../../domain/net/url-fetch-guard.js';

/** Why an image was not fetched, in words for the report. */
export class MediaFetchError extends Error {}

/** True when an address is not on the public internet (loopback, private, link-local, multicast…). */
export function isPrivateAddress(address: string): boolean {
  return !isPublicAddress(address);
}

/** The bytes at `address`, or a MediaFetchError saying why not. */
export async function fetchImage(address: string, limits: MediaFetchLimits = DEFAULT_MEDIA_LIMITS): Promise<Buffer> {
  try {
    const result = await fetchGuarded(
      address,
      {
        timeoutMs: limits.timeoutMs,
        maxBytes: limits.maxBytes,
        maxRedirects: limits.maxRedirects,
        headers: { 'user-agent': 'Dastan-importer' },
        // Some hosts serve pictures as bytes of no particular type; the image service checks the bytes.
        accept: ['image/*', 'application/octet-stream'],
      },
      { allow: limits.allowAddresses },
    );
    if (result.status !== 200) throw new MediaFetchError(`the server answered ${result.status}`);
    return result.body;
  } catch (error) {
    if (error instanceof FetchError) throw new MediaFetchError(error.message);
    throw error;
  }
}
