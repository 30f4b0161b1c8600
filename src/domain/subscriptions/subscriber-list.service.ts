/**
 * The blog's list of e-mail subscribers as its owners and admins manage it: a searchable page of the
 * list with counts and a chart of joins and leaves, adding an address (with the consent date the owner
 * vouches for), removing one, importing and exporting CSV, and what each mailed post did.
 * Who may do this is the routes' check (`canManageSubscribers`): authors never see an address.
 */
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import type { SubscriberListRepository } from '../../storage/repositories/subscriber-list.repository.js';
import type { BlogRow, SubscriberFrequency, SubscriberRow, SubscriberStatus } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { isEmail } from '../users/user.service.js';
import { CSV_HEADER, parseSubscriberCsv, subscriberCsvRow, type ParsedImport } from './subscriber-csv.js';

export const SUBSCRIBERS_PER_PAGE = 50;
const CHART_DAYS = 30;
const DAY = 86_400_000;
const EXPORT_PAGE = 1000;
/** A mailing's "unsubscribed after it" counts leaves within this long of its first mail. */
const AFTER_SEND_WINDOW = 7 * DAY;

export interface SubscriberListPage {
  subscribers: SubscriberRow[];
  counts: Record<SubscriberStatus, number>;
  /** The ID to pass as `beforeId` for the next page, when there is one. */
  next: string | null;
  /** The last 30 days, oldest first: confirmations and leaves per UTC day. */
  days: { day: number; joined: number; left: number }[];
}

export interface ImportResult {
  added: number;
  alreadyThere: number;
  problems: ParsedImport['problems'];
}

export class SubscriberListService {
  constructor(
    private readonly subscribers: SubscriberRepository,
    private readonly lists: SubscriberListRepository,
    private readonly now: () => number = Date.now,
  ) {}

  async page(blog: BlogRow, q: { search?: string; status?: SubscriberStatus; beforeId?: string }): Promise<SubscriberListPage> {
    const rows = await this.lists.page(blog.id, { ...q, limit: SUBSCRIBERS_PER_PAGE + 1 });
    const subscribers = rows.slice(0, SUBSCRIBERS_PER_PAGE);
    const today = Math.floor(this.now() / DAY);
    const changes = await this.lists.dailyChanges(blog.id, (today - CHART_DAYS + 1) * DAY);
    const days = Array.from({ length: CHART_DAYS }, (_, i) => {
      const day = today - CHART_DAYS + 1 + i;
      return { day, joined: changes.joined.get(day) ?? 0, left: changes.left.get(day) ?? 0 };
    });
    return {
      subscribers,
      counts: await this.lists.countsByStatus(blog.id),
      next: rows.length > SUBSCRIBERS_PER_PAGE ? subscribers.at(-1)!.id : null,
      days,
    };
  }

  /**
   * Adds an address the owner vouches for (it agreed elsewhere): active at once, with `consentAt` as its
   * consent date (today when not given). An address already on the list is refused with a message.
   */
  async add(blog: BlogRow, input: { email: string; frequency: SubscriberFrequency; consentAt?: number }): Promise<SubscriberRow> {
    const email = input.email.trim().toLowerCase();
    if (!isEmail(email)) throw new InvalidInputError('Please enter an e-mail address, like reader@example.com.', 'email');
    const consentAt = input.consentAt ?? this.now();
    if (consentAt > this.now() + DAY) throw new InvalidInputError('The consent date cannot be in the future.', 'consent');
    const added = await this.insertActive(blog, email, input.frequency, consentAt, 'dashboard');
    if (!added) throw new InvalidInputError(`${email} is on this blog's list already.`, 'email');
    return (await this.subscribers.findByEmail(blog.id, email))!;
  }

  async remove(blog: BlogRow, id: string): Promise<void> {
    if (!(await this.lists.remove(blog.id, id)))
      throw new NotFoundError('This blog has no such subscriber; it may have been removed already.');
  }

  /** Adds every good row of the file; addresses already on the list are left as they are, whatever their status. */
  async importCsv(blog: BlogRow, text: string): Promise<ImportResult> {
    const parsed = await parseSubscriberCsv(text);
    const { added, alreadyThere } = await this.importAddresses(blog, parsed.rows);
    return { added, alreadyThere, problems: parsed.problems };
  }

  /**
   * Adds addresses that subscribed elsewhere (a CSV file, a blog's export from another platform) as
   * active, each with its consent date (the import's time when none is known, or one in the future).
   * Addresses already on the list are left as they are; ones that are no e-mail address are refused.
   */
  async importAddresses(
    blog: BlogRow,
    rows: Iterable<{ email: string; frequency?: SubscriberFrequency; confirmedAt?: number | null }>,
  ): Promise<{ added: number; alreadyThere: number; refused: string[] }> {
    let added = 0;
    let alreadyThere = 0;
    const refused: string[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const email = row.email.trim().toLowerCase();
      if (!isEmail(email)) {
        refused.push(row.email);
        continue;
      }
      if (seen.has(email)) {
        alreadyThere += 1;
        continue;
      }
      seen.add(email);
      const now = this.now();
      const consentAt = row.confirmedAt && row.confirmedAt <= now + DAY ? row.confirmedAt : now;
      if (await this.insertActive(blog, email, row.frequency ?? 'each', consentAt, 'import')) added += 1;
      else alreadyThere += 1;
    }
    return { added, alreadyThere, refused };
  }

  /** Every subscriber of the blog, oldest first, as CSV rows after the header. */
  async *exportRows(blog: BlogRow): AsyncGenerator<string[]> {
    yield CSV_HEADER;
    const pages: SubscriberRow[][] = [];
    let beforeId: string | undefined;
    // Newest-first pages, reversed at the end: the file reads in the order people joined.
    for (;;) {
      const page = await this.lists.page(blog.id, { beforeId, limit: EXPORT_PAGE });
      if (page.length > 0) pages.push(page);
      if (page.length < EXPORT_PAGE) break;
      beforeId = page.at(-1)!.id;
    }
    for (const page of pages.reverse()) for (const s of [...page].reverse()) yield subscriberCsvRow(s);
  }

  /** The blog's mailed posts, newest first: sent, bounced, still queued, failed, and leaves in the week after. */
  async sends(blog: BlogRow) {
    const sends = await this.lists.sends(blog.id, 50);
    return Promise.all(
      sends.map(async (send) => ({
        ...send,
        ...(await this.lists.queuedAndFailed(blog.id, send.postId)),
        unsubscribedAfter: await this.lists.unsubscribedBetween(blog.id, send.firstSentAt, send.firstSentAt + AFTER_SEND_WINDOW),
      })),
    );
  }

  private insertActive(blog: BlogRow, email: string, frequency: SubscriberFrequency, consentAt: number, source: 'dashboard' | 'import') {
    const now = this.now();
    return this.subscribers.insert({
      id: newId(now),
      blogId: blog.id,
      email,
      status: 'active',
      frequency,
      confirmHash: null,
      source,
      confirmedAt: consentAt,
      now,
    });
  }
}
