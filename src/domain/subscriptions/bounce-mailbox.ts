/**
 * The bounce mailbox (BOUNCE_MAILDIR): a Maildir folder the mail server delivers bounces and feedback-loop
 * reports to. Every minute each new message is taken (renamed from `new/` into `cur/`, which only one
 * process can do), read (bounces.ts), acted on — a hard bounce stops the address on every blog, a
 * complaint stops the subscription the reported mail was sent for — and marked seen (`:2,S`). A message
 * taken by a process that died before marking it is read again ten minutes later; stopping is idempotent.
 */
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SubscriberRepository } from '../../storage/repositories/subscriber.repository.js';
import { readBounce } from './bounces.js';

const STALE_MS = 10 * 60_000;

export interface MailboxScan {
  read: number;
  hardBounces: number;
  complaints: number;
  /** Subscriptions stopped by this scan. */
  stopped: number;
}

export class BounceMailbox {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    private readonly subscribers: SubscriberRepository,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(seconds = 60): void {
    const tick = () => void this.scan().catch(this.onError);
    tick();
    this.timer = setInterval(tick, seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Reads every new message (and any a dead process left half done), and acts on the reports. */
  async scan(): Promise<MailboxScan> {
    const result: MailboxScan = { read: 0, hardBounces: 0, complaints: 0, stopped: 0 };
    for (const file of await this.take()) {
      try {
        const report = await readBounce(await readFile(file));
        result.read++;
        if (report.kind === 'hard-bounce') {
          result.hardBounces++;
          result.stopped += await this.subscribers.stopAddresses(report.addresses, `Hard bounce: ${report.reason}`, this.now());
        } else if (report.kind === 'complaint') {
          result.complaints++;
          const reason = `Complaint: ${report.reason}`;
          result.stopped +=
            report.subscriberIds.length > 0
              ? await this.subscribers.stopSubscriptions(report.subscriberIds, report.addresses, reason, this.now())
              : await this.subscribers.stopAddresses(report.addresses, reason, this.now());
        }
        await rename(file, `${file}S`);
      } catch (error) {
        this.onError(error);
      }
    }
    return result;
  }

  /** Moves the new messages into `cur/` (flag list `:2,` = taken, not yet seen) and returns their paths, with stale taken ones. */
  private async take(): Promise<string[]> {
    const taken: string[] = [];
    const newDir = path.join(this.dir, 'new');
    const curDir = path.join(this.dir, 'cur');
    for (const name of await readdir(newDir).catch(() => [] as string[])) {
      if (name.startsWith('.')) continue;
      const target = path.join(curDir, `${name.split(':')[0]}:2,`);
      try {
        await rename(path.join(newDir, name), target);
        taken.push(target);
      } catch {
        // Another process took it first.
      }
    }
    for (const name of await readdir(curDir).catch(() => [] as string[])) {
      if (!name.endsWith(':2,')) continue;
      const file = path.join(curDir, name);
      if (taken.includes(file)) continue;
      const info = await stat(file).catch(() => undefined);
      if (info && this.now() - info.mtimeMs > STALE_MS) taken.push(file);
    }
    return taken;
  }
}
