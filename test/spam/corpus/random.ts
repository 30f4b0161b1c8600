/** A small seeded random source (mulberry32), so the labelled set is the same on every run. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

/**
 * Which part of the set a comment is made for. Every fourth phrase of a list (of four or more) is kept
 * out of the training part, so held-out comments also hold phrases, names and domains never learned —
 * as new comments do.
 */
export type Part = 'train' | 'heldOut';

/** One of `items` that `part` may use. */
export function choose<T>(random: Random, items: readonly T[], part: Part): T {
  if (part === 'heldOut' || items.length < 4) return random.pick(items);
  return random.pick(items.filter((_, i) => i % 4 !== 3));
}

/** Fills `{slot}` placeholders in `template` from `slots`, picking one phrase per slot occurrence. */
export function fill(random: Random, template: string, slots: Record<string, readonly string[]>, part: Part): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const options = slots[name];
    if (!options) throw new Error(`no slot ${name}`);
    return fill(random, choose(random, options, part), slots, part);
  });
}
