/**
 * What an import remembers of every post and comment it stored (or an earlier import of the same
 * source did), by source ID: a post's ID and path, a comment's ID, its post and whether it has its
 * parent. Linking comments to posts and replies to parents, and leaving out what is already there,
 * need it until the end, so it grows with the export; it is kept lean, at about a hundred bytes an
 * entry rather than the entry's own strings:
 *
 * - a source ID is split into a prefix many share (`tag:blogger.com,1999:blog-7…1.post-`), kept once,
 *   and its tail (`9000000000000021247`), the key of the entry;
 * - the key leads to a slot, and the entries' IDs (digit strings below 2^63, storage/ids.ts) are kept
 *   by slot in columns of 64-bit integers;
 * - every string kept is an own copy (own-copy.ts), never a slice of the text the file was read in.
 */
import { isId } from '../../storage/ids.js';
import { ownCopy } from '../own-copy.js';

/** A post of this import (or an earlier one): its ID, and its path once it is public. */
export interface StoredPost {
  id: string;
  path: string | null;
}

/** A comment of this import (or an earlier one). */
export interface StoredComment {
  id: string;
  postId: string;
  hasParent: boolean;
}

/** Where the tail of a source ID starts: its last run of ASCII letters and digits. */
function tailStart(sourceId: string): number {
  let at = sourceId.length;
  while (at > 0) {
    const c = sourceId.charCodeAt(at - 1);
    const alphanumeric = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!alphanumeric) break;
    at--;
  }
  return at;
}

/** Source IDs, each with a slot: its place in the columns of an index. */
class SourceSlots {
  /** Prefix → its number; keys are `TAIL` under the first prefix, `N:TAIL` under the others. */
  private readonly prefixes = new Map<string, number>();
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.slots.size;
  }

  /** The key of a source ID, numbering its prefix if it is new; undefined for a prefix never seen, if `known`. */
  private keyOf(sourceId: string, known: boolean): string | undefined {
    const at = tailStart(sourceId);
    const prefix = sourceId.slice(0, at);
    let n = this.prefixes.get(prefix);
    if (n === undefined) {
      if (known) return undefined;
      n = this.prefixes.size;
      this.prefixes.set(ownCopy(prefix), n);
    }
    const tail = sourceId.slice(at);
    // A tail has no colon: `N:` keeps the keys of different prefixes apart.
    return n === 0 ? tail : `${n}:${tail}`;
  }

  /** The key of a source ID, to keep (for `findKey`). */
  keyToKeep(sourceId: string): string {
    return ownCopy(this.keyOf(sourceId, false)!);
  }

  find(sourceId: string): number | undefined {
    const key = this.keyOf(sourceId, true);
    return key === undefined ? undefined : this.slots.get(key);
  }

  /** The slot of a key from `keyToKeep`. */
  findKey(key: string): number | undefined {
    return this.slots.get(key);
  }

  /** The slot of a source ID: its own, or the next free one. */
  claim(sourceId: string): number {
    const key = this.keyOf(sourceId, false)!;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(ownCopy(key), slot);
    }
    return slot;
  }
}

/** Dastan IDs by slot, as 64-bit integers. */
class IdColumn {
  private values = new BigInt64Array(1024);

  get(slot: number): string {
    return this.values[slot]!.toString();
  }

  set(slot: number, id: string): void {
    if (!isId(id)) throw new Error(`An import can only remember Dastan IDs, not "${id}".`);
    if (slot >= this.values.length) {
      const grown = new BigInt64Array(Math.max(slot + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[slot] = BigInt(id);
  }
}

/** Flags by slot, a byte each. */
class FlagColumn {
  private values = new Uint8Array(1024);

  get(slot: number): boolean {
    return this.values[slot] === 1;
  }

  set(slot: number, flag: boolean): void {
    if (slot >= this.values.length) {
      const grown = new Uint8Array(Math.max(slot + 1, this.values.length * 2));
      grown.set(this.values);
      this.values = grown;
    }
    this.values[slot] = flag ? 1 : 0;
  }
}

/** The posts and pages of an import, by source ID. */
export class PostIndex {
  private readonly slots = new SourceSlots();
  private readonly ids = new IdColumn();
  private readonly paths: (string | null)[] = [];
  /** The slots below this one hold posts an earlier import stored. */
  private earlierEnd = 0;

  get size(): number {
    return this.slots.size;
  }

  /** Adds a post an earlier import stored; all of them come before this import's own. */
  addEarlier(sourceId: string, id: string): void {
    this.set(sourceId, { id, path: null });
    this.earlierEnd = this.slots.size;
  }

  has(sourceId: string): boolean {
    return this.slots.find(sourceId) !== undefined;
  }

  get(sourceId: string): StoredPost | undefined {
    const slot = this.slots.find(sourceId);
    return slot === undefined ? undefined : { id: this.ids.get(slot), path: this.paths[slot]! };
  }

  /** True for a post an earlier import stored (not this one). */
  isEarlier(sourceId: string): boolean {
    const slot = this.slots.find(sourceId);
    return slot !== undefined && slot < this.earlierEnd;
  }

  set(sourceId: string, post: StoredPost): void {
    const slot = this.slots.claim(sourceId);
    this.ids.set(slot, post.id);
    this.paths[slot] = post.path === null ? null : ownCopy(post.path);
  }
}

/** The comments of an import, by source ID, and the replies waiting to be linked to their parent. */
export class CommentIndex {
  private readonly slots = new SourceSlots();
  private readonly ids = new IdColumn();
  private readonly postIds = new IdColumn();
  private readonly hasParent = new FlagColumn();
  /** The slots below this one hold comments an earlier import stored. */
  private earlierEnd = 0;
  /** Replies whose parent may come later: the reply's slot, and the key of its parent's source ID. */
  private readonly orphanSlots: number[] = [];
  private readonly orphanParents: string[] = [];

  get size(): number {
    return this.slots.size;
  }

  has(sourceId: string): boolean {
    return this.slots.find(sourceId) !== undefined;
  }

  get(sourceId: string): StoredComment | undefined {
    const slot = this.slots.find(sourceId);
    return slot === undefined ? undefined : this.at(slot);
  }

  /** Adds a comment an earlier import stored; all of them come before this import's own. */
  addEarlier(sourceId: string, comment: StoredComment): void {
    this.set(sourceId, comment);
    this.earlierEnd = this.slots.size;
  }

  /** True for a comment an earlier import stored (not this one). */
  isEarlier(sourceId: string): boolean {
    const slot = this.slots.find(sourceId);
    return slot !== undefined && slot < this.earlierEnd;
  }

  set(sourceId: string, comment: StoredComment): void {
    const slot = this.slots.claim(sourceId);
    this.ids.set(slot, comment.id);
    this.postIds.set(slot, comment.postId);
    this.hasParent.set(slot, comment.hasParent);
  }

  /** Notes that the stored comment `sourceId` answers `parentSourceId`, which may come later in the file. */
  awaitParent(sourceId: string, parentSourceId: string): void {
    const slot = this.slots.find(sourceId);
    if (slot === undefined) throw new Error(`The comment ${sourceId} is not stored.`);
    this.orphanSlots.push(slot);
    this.orphanParents.push(this.slots.keyToKeep(parentSourceId));
  }

  /** The replies noted by `awaitParent`, in that order, each with its parent if it is stored by now. */
  *orphans(): Generator<{ reply: StoredComment; parent: StoredComment | undefined }> {
    for (const [i, slot] of this.orphanSlots.entries()) {
      const parentSlot = this.slots.findKey(this.orphanParents[i]!);
      yield { reply: this.at(slot), parent: parentSlot === undefined ? undefined : this.at(parentSlot) };
    }
  }

  private at(slot: number): StoredComment {
    return { id: this.ids.get(slot), postId: this.postIds.get(slot), hasParent: this.hasParent.get(slot) };
  }
}
