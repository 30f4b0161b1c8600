/**
 * Where counted views wait before they are written: this process's memory (one app process), or
 * Redis (several processes counting together). Both remember which readers were already counted for
 * a post in the last 30 minutes.
 */

/** How long a reader's repeat views of a post are not counted again. */
export const REPEAT_WINDOW_MS = 30 * 60 * 1000;

/** What became of a view handed to the store: `failed` when the store could not be asked (reported). */
export type StoreAnswer = 'counted' | 'repeat' | 'failed';

/** The keys a view adds 1 to, or how to make them: a store that can tell a repeat at once makes them only for a view it counts. */
export type CountKeys = readonly string[] | (() => readonly string[]);

export function keysOf(keys: CountKeys): readonly string[] {
  return typeof keys === 'function' ? keys() : keys;
}

export interface ViewStore {
  /**
   * Adds 1 to each of `keys`, unless `readerKey` was counted within the repeat window (then nothing).
   * Answers at once when the store can tell without waiting (memory), or with a promise that never
   * rejects (Redis). A null reader key always counts.
   */
  add(readerKey: string | null, keys: CountKeys): StoreAnswer | Promise<StoreAnswer>;
  /** Writes the waiting counts to the database, once the answers still under way are in. */
  flush(): Promise<void>;
  /** Releases what the store holds open (after a last flush by the caller). */
  close(): Promise<void>;
}
