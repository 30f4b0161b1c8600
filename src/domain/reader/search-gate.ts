/**
 * Bounds what searches may cost a process (issue 19: an uncached search over 3,805 posts took up to
 * 1.7 s, and searches queued behind each other waited minutes under three browsers). At most
 * SEARCH_CONCURRENCY run at once; SEARCH_MAX_WAITING more may wait, each at most SEARCH_WAIT_MS; any
 * other is answered at once with 503 and Retry-After, so no reader waits minutes and the rest of the
 * site is not starved. The words and the length of a search are bounded where it is read
 * (`searchWords`, the route's 200 characters) and how deep its pages go here.
 */
import { AppError } from '../errors.js';

export const SEARCH_CONCURRENCY = 2;
export const SEARCH_MAX_WAITING = 8;
export const SEARCH_WAIT_MS = 5_000;
/** Results beyond this page are not searched for (offsets cost as much as the rows they skip). */
export const SEARCH_MAX_PAGE = 50;

/** 503: too many searches at once; try again in a few seconds. */
export class SearchBusyError extends AppError {
  readonly retryAfterSeconds = 5;
  constructor() {
    super(503, 'search_busy', 'Many people are searching this site right now. Please try your search again in a few seconds.');
  }
}

export class SearchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  /** The most searches run at once so far (tests read it). */
  peak = 0;

  constructor(
    private readonly concurrency = SEARCH_CONCURRENCY,
    private readonly maxWaiting = SEARCH_MAX_WAITING,
    private readonly waitMs = SEARCH_WAIT_MS,
  ) {}

  /**
   * Runs `work` when a place is free. `gone`: aborted when the reader who asked has left (closed the
   * connection); a search still waiting then gives its place up, so a burst of abandoned requests cannot
   * hold the queue against the readers still there.
   */
  async run<T>(work: () => Promise<T>, gone?: AbortSignal): Promise<T> {
    if (gone?.aborted) throw new SearchBusyError();
    if (this.running >= this.concurrency) await this.wait(gone);
    this.running++;
    this.peak = Math.max(this.peak, this.running);
    try {
      return await work();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private wait(gone: AbortSignal | undefined): Promise<void> {
    if (this.waiting.length >= this.maxWaiting) return Promise.reject(new SearchBusyError());
    return new Promise<void>((resolve, reject) => {
      const settle = () => {
        clearTimeout(timer);
        gone?.removeEventListener('abort', leave);
      };
      const turn = () => {
        settle();
        resolve();
      };
      const leave = () => {
        settle();
        this.waiting.splice(this.waiting.indexOf(turn), 1);
        reject(new SearchBusyError());
      };
      const timer = setTimeout(leave, this.waitMs);
      gone?.addEventListener('abort', leave, { once: true });
      this.waiting.push(turn);
    });
  }
}
