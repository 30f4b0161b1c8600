/**
 * Label names from other platforms, made fit for Dastan (see normalizeLabels in domain/posts/post-content.ts):
 * no control characters, spaces folded, at most 100 characters. Commas stay, as the label was written
 * ("maven, test"), so its old address keeps answering. Each change is said, so the import can report it.
 */
import { MAX_LABEL } from '../domain/posts/post-content.js';
import { cutText } from './common.js';

/** A label name as Dastan keeps it, and what had to change. */
export function cleanLabelName(raw: string): { name: string; changed?: string } {
  let name = raw
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let changed: string | undefined;
  if (name === '.' || name === '..') {
    name = '';
    changed = 'a label "." or ".." has no address';
  }
  if (name.length > MAX_LABEL) {
    name = cutText(name, MAX_LABEL).trim();
    changed = `cut to ${MAX_LABEL} characters`;
  }
  return { name, changed };
}
