/**
 * Following a blog by e-mail (part of the schema in ../schema.ts): subscribers, the posts and weekly
 * digests mailed to each, and the install's mail-sending clock.
 */
export type SubscriberStatus = 'pending' | 'active' | 'unsubscribed' | 'stopped';
export type SubscriberFrequency = 'each' | 'weekly';

/** A reader following a blog by e-mail. */
export interface SubscribersTable {
  id: string;
  blog_id: string;
  email: string;
  status: SubscriberStatus;
  frequency: SubscriberFrequency;
  confirm_hash: string | null;
  source: 'form' | 'dashboard' | 'import';
  created_at: number;
  /** The consent date: when the link was confirmed, or the date given when the blog added the address. */
  confirmed_at: number | null;
  unsubscribed_at: number | null;
  stopped_reason: string | null;
  /** When a hard bounce or a complaint stopped the address. */
  stopped_at: number | null;
  updated_at: number;
}

/**
 * One post mailed to one subscriber: at most one row (and one mail) per pair. `sending` while a job run
 * (`claim`) has the SMTP transaction open; `sent` or `bounced` once it is over.
 */
export interface SubscriberMailsTable {
  blog_id: string;
  post_id: string;
  subscriber_id: string;
  status: 'sending' | 'sent' | 'bounced';
  message_id: string;
  error: string | null;
  created_at: number;
  claim: string | null;
}

/** One weekly digest mailed to one subscriber: at most one row (and one mail) per blog, week and subscriber. */
export interface SubscriberDigestsTable {
  blog_id: string;
  /** The week's first day, YYYY-MM-DD in the blog's time zone. */
  week: string;
  subscriber_id: string;
  status: 'sent' | 'bounced';
  message_id: string;
  error: string | null;
  created_at: number;
}

/** The install's next free mail-sending slot (milliseconds), by name: spaces mail to the configured rate. */
export interface MailClockTable {
  name: string;
  next_at: number;
}
