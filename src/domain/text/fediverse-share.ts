/**
 * Sharing a post to the fediverse: there is no one site to link to, so the blog's share page asks the
 * reader for their own server (`mastodon.social`) and sends them to its share address
 * (`https://SERVER/share?text=…`, which Mastodon and most of its kin answer).
 */
import { InvalidInputError } from '../errors.js';
import { cutText } from './unicode.js';

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** The server's host name as typed (`@me@mastodon.social`, `https://mastodon.social/`, `mastodon.social`), or an error. */
export function parseInstance(input: string): string {
  let text = input.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at >= 0) text = text.slice(at + 1);
  text = text.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  const labels = text.split('.');
  if (text.length > 253 || labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l)) || /^\d+$/.test(labels.at(-1)!))
    throw new InvalidInputError('Please give the address of your server, such as mastodon.social.', 'instance');
  return text;
}

/** The share address on `instance` for a post. */
export function fediverseShareUrl(instance: string, title: string, url: string): string {
  return `https://${instance}/share?text=${encodeURIComponent(`${cutText(title, 300)} ${url}`)}`;
}
