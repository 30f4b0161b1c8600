/** Mail in tests: a mailer that keeps what it was asked to send, and a real receiving SMTP server. */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { MailMessage, Mailer } from '../../src/domain/accounts/mailer.js';

/** A mailer that keeps what it was asked to send, for tests to read links from. */
export class CapturingMailer implements Mailer {
  readonly delivers = true;
  readonly sent: MailMessage[] = [];
  /** How long each message takes to "send" (a slow SMTP server). */
  delayMs = 0;

  async send(message: MailMessage): Promise<void> {
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.sent.push(message);
  }

  /** The first dashboard link in the newest message to `to`. */
  lastLinkTo(to: string): string | undefined {
    const message = this.sent.filter((m) => m.to === to).at(-1);
    return message?.text.match(/https?:\/\/\S+\/admin\/\S+/)?.[0];
  }
}

/** A real SMTP server (the `smtp-server` library) on 127.0.0.1 that keeps every mail it receives, parsed. */
export interface SmtpInbox {
  port: number;
  mails: ParsedMail[];
  /** Addresses answered 451 the next time(s) they are sent to. */
  deferOnce: Set<string>;
  close(): Promise<void>;
}

/** Starts a receiving SMTP server; `gone@…` addresses are refused with 550, those in `deferOnce` once with 451. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const inbox = { mails: [], deferOnce: new Set<string>() } as unknown as SmtpInbox;
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
