/**
 * A real SMTP server (the `smtp-server` library) as the receiving peer of mail tests: it keeps each mail
 * it gets, parsed by mailparser; "gone@" addresses are answered 550 and addresses in `deferOnce` 451.
 * With `{ light: true }` it parses nothing and keeps only each delivery's recipients and Message-ID (the
 * thousand-mail crash tests and the bench, where parsing would be most of the time).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One accepted SMTP transaction, as the light inbox keeps it. */
export interface Delivery {
  to: string[];
  messageId: string;
  /** The name the sending client gave in EHLO. */
  helo: string;
}

export interface Inbox {
  port: number;
  mails: ParsedMail[];
  /** Every accepted transaction (both modes). */
  deliveries: Delivery[];
  /** Addresses answered 451 the next time(s) they are sent to. */
  deferOnce: Set<string>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:[ \t]*(<[^>\r\n]+>)/im;

export async function startInbox(options: { light?: boolean } = {}): Promise<Inbox> {
  const inbox = { mails: [], deliveries: [], deferOnce: new Set<string>() } as unknown as Inbox;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const to = address.address.toLowerCase();
      if (to.startsWith('gone@')) return callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
      if (inbox.deferOnce.delete(to)) return callback(Object.assign(new Error('4.2.1 Mailbox busy, try later'), { responseCode: 451 }));
      callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
      if (options.light) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const head = Buffer.concat(chunks)
            .toString('latin1')
            .split(/\r?\n\r?\n/, 1)[0]!;
          inbox.deliveries.push({ to, messageId: MESSAGE_ID.exec(head)?.[1] ?? '', helo: session.hostNameAppearsAs });
          callback();
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          inbox.mails.push(mail);
          inbox.deliveries.push({ to, messageId: mail.messageId ?? '', helo: session.hostNameAppearsAs });
          callback();
        })
        .catch(callback);
    },
  });
  // A sender killed in the middle of a transaction resets its connection: that is not the inbox's error.
  server.on('error', () => {});
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
