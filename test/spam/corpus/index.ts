/**
 * The labelled comment set the classifier is evaluated on: generated from the phrase lists in ham.ts and
 * spam.ts with a fixed seed: a training part, and a held-out part that also uses phrases, names and
 * domains the training part never has (random.ts, `choose`).
 */
import { hamComment } from './ham.js';
import { Random, type Part } from './random.js';
import { spamComment } from './spam.js';
import type { LabelledComment } from './types.js';

export type { LabelledComment } from './types.js';

export interface LabelledSet {
  train: LabelledComment[];
  heldOut: LabelledComment[];
}

/** `ham` readers' comments and `spam` spam, distinct, shuffled, with `heldOutShare` of each kept back. */
export function labelledComments(options: { ham?: number; spam?: number; heldOutShare?: number; seed?: number } = {}): LabelledSet {
  const { ham = 360, spam = 280, heldOutShare = 0.3, seed = 20261128 } = options;
  const random = new Random(seed);
  // No comment appears twice, not even once in each part.
  const seen = new Set<string>();
  const make = (n: number, part: Part, one: (r: Random, part: Part) => LabelledComment): LabelledComment[] => {
    const out: LabelledComment[] = [];
    for (let tries = 0; out.length < n && tries < n * 50; tries++) {
      const c = one(random, part);
      if (seen.has(c.bodyHtml)) continue;
      seen.add(c.bodyHtml);
      out.push(c);
    }
    return out;
  };
  const heldOutHam = Math.round(ham * heldOutShare);
  const heldOutSpam = Math.round(spam * heldOutShare);
  const hams = { train: make(ham - heldOutHam, 'train', hamComment), heldOut: make(heldOutHam, 'heldOut', hamComment) };
  const spams = { train: make(spam - heldOutSpam, 'train', spamComment), heldOut: make(heldOutSpam, 'heldOut', spamComment) };
  const shuffle = (items: LabelledComment[]) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  };
  return { train: shuffle([...hams.train, ...spams.train]), heldOut: shuffle([...hams.heldOut, ...spams.heldOut]) };
}
