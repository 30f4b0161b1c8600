/**
 * A real SMTP server (the `smtp-server` library) as the receiving peer of mail tests: it keeps each mail
 * it gets, parsed by mailparser; "gone@" addresses are answered 550 and addresses in `deferOnce` 451.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  port: number;
  mails: ParsedMail[];
  /** Addresses answered 451 the next time(s) they are sent to. */
  deferOnce: Set<string>;
  close(): Promise<void>;
}

export async function startInbox(): Promise<Inbox> {
  const inbox = { mails: [], deferOnce: new Set<string>() } as unknown as Inbox;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (to.startsWith('gone@')) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      if (inbox.deferOnce.delete(to)) return callback(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          inbox.mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  inbox.port = (server.server.address() as AddressInfo).port;
  inbox.close = () => new Promise((resolve) => server.close(() => resolve()));
  return inbox;
}

/** A header as it was sent (mailparser folds the List-* headers into one object). */
export const header = (mail: ParsedMail, name: string) =>
  mail.headerLines
    .find((h) => h.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    .replace(/\r?\n\s+/g, ' ') ?? '';
/** The URL in a List-Unsubscribe header. */
export const unsubscribeUrl = (mail: ParsedMail) => /<([^>]+)>/.exec(header(mail, 'list-unsubscribe'))?.[1] ?? '';

export const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0]!.address;
