/**
 * MAIL_RATE across processes: two database connections (as two app processes have) each send 12 mails at
 * once through a RateLimitedTransport at 20 a second: the 24 slots they take on the one `mail_clock` row
 * are all different and 50 ms apart, and no mail goes before its slot. On SQLite (one file) and PostgreSQL.
 * (The slots are what is checked: on a busy machine a timer may wake late, so two sends can come closer.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseMailRate, RateLimitedTransport } from '../../src/domain/subscriptions/mail-rate.js';
import type { MailTransport, RichMail } from '../../src/domain/subscriptions/mail-transport.js';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrator.js';
import { MailClockRepository } from '../../src/storage/repositories/mail-clock.repository.js';
import { testDatabases } from '../helpers/databases.js';

test('MAIL_RATE reads per second, minute and hour; 0 is no limit; anything else is refused', () => {
  assert.deepEqual(parseMailRate('10/second'), { count: 10, perMs: 1000 });
  assert.deepEqual(parseMailRate('600 / minute'), { count: 600, perMs: 60_000 });
  assert.deepEqual(parseMailRate('5000/hours'), { count: 5000, perMs: 3_600_000 });
  assert.deepEqual(parseMailRate('120'), { count: 120, perMs: 60_000 });
  assert.equal(parseMailRate('0'), null);
  for (const bad of ['fast', '-5/minute', '10/day', '1.5/second', '']) assert.equal(parseMailRate(bad), undefined, bad);
});

for (const database of testDatabases) {
  describe(`the mail clock on ${database.name}`, { skip: database.skip }, () => {
    test('two processes together keep to the rate', async () => {
      let first: Storage;
      let second: Storage;
      if (database.name === 'sqlite') {
        const dir = mkdtempSync(path.join(tmpdir(), 'dastan-clock-'));
        after(() => rmSync(dir, { recursive: true, force: true }));
        first = openStorage(path.join(dir, 'dastan.db'));
        await migrateToLatest(first);
        second = openStorage(path.join(dir, 'dastan.db'));
      } else {
        first = await database.open();
        second = openStorage(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test', {
          searchPath: await first.dialect.currentSchema(first.db),
        });
      }
      after(async () => {
        await second.close();
        await first.close();
      });
      const sentAt: number[] = [];
      const slots: number[] = [];
      class WatchedClock extends MailClockRepository {
        override async take(name: string, now: number, intervalMs: number): Promise<number> {
          const slot = await super.take(name, now, intervalMs);
          slots.push(slot);
          return slot;
        }
      }
      const inner: MailTransport = { delivers: true, send: async () => void sentAt.push(Date.now()) };
      const rate = parseMailRate('20/second')!;
      const senders = [first, second].map((s) => new RateLimitedTransport(inner, new WatchedClock(s.db), rate));
      const mail = {} as RichMail;
      const started = Date.now();
      await Promise.all(senders.flatMap((sender) => Array.from({ length: 12 }, () => sender.send(mail))));
      assert.equal(sentAt.length, 24);
      slots.sort((a, b) => a - b);
      sentAt.sort((a, b) => a - b);
      const gaps = slots.slice(1).map((at, i) => at - slots[i]!);
      assert.equal(Math.min(...gaps), 50, 'the slots are 50 ms apart, none given twice');
      // Sorted, the i-th send is not before the i-th slot (a timer may round a millisecond early).
      sentAt.forEach((at, i) => assert.ok(at >= slots[i]! - 1, `send ${i} ${slots[i]! - at} ms before its slot`));
      assert.ok(Date.now() - started >= 23 * 50 - 1, '24 mails at 20 a second take at least 1.15 s');
    });
  });
}
