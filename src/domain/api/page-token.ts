/**
 * Page tokens for the API's lists: the last row's sort value and ID, with the query's own fingerprint,
 * so a token is only good for the list it came from. Opaque to clients (base64url of a small JSON).
 */
import { InvalidInputError } from '../errors.js';
import type { Keyset } from '../../storage/repositories/api-query.repository.js';

export function makePageToken(keyset: Keyset, fingerprint: string): string {
  return Buffer.from(JSON.stringify([keyset.value, keyset.id, fingerprint])).toString('base64url');
}

/** The keyset a token names; a token that is malformed or from another list is refused. */
export function readPageToken(token: string | undefined, fingerprint: string): Keyset | undefined {
  if (token === undefined || token === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string' && parsed[2] === fingerprint) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the refusal below
  }
  throw new InvalidInputError('The pageToken is not one this list gave out. Start again without it.', 'pageToken');
}
