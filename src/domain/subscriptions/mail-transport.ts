/**
 * Sending a subscriber's mail: nodemailer over SMTP_URL (one pooled connection set per process), with
 * an HTML and a text part and the list headers. A refusal by the receiving server comes back as a
 * MailRejectedError carrying its SMTP code, so a 550 stops the address and a 4xx is tried again later.
 */
import type { Transporter } from 'nodemailer';

export interface RichMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<…@host>` */
  messageId: string;
  headers: Record<string, string>;
  /** Where the receiver's "Reply" goes (a contact-form message: its sender). */
  replyTo?: string;
  /** RFC 2369 / 2919 list headers, written by nodemailer (it encodes the name but never the `<id>`). */
  list?: { unsubscribe: string; id: { id: string; name: string } };
}

/** The receiving server refused the message with an SMTP reply code (4xx: for now; 5xx: for good). */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

export interface MailTransport {
  /** True when mail really leaves the machine. */
  readonly delivers: boolean;
  send(mail: RichMail): Promise<void>;
}

export class SmtpTransport implements MailTransport {
  readonly delivers = true;
  /** nodemailer is loaded with the first message. */
  private transport: Promise<Transporter> | undefined;

  /**
   * `pool`: keep connections open and send many messages over each (the server's own SMTP_URL; add
   * `?pool=false` to it to open one per message).
   */
  constructor(
    private readonly smtpUrl: string,
    private readonly options: { pool?: boolean } = {},
  ) {}

  async send(mail: RichMail): Promise<void> {
    this.transport ??= import('nodemailer').then((m) => m.default.createTransport(this.url()));
    try {
      const { list, ...rest } = mail;
      await (
        await this.transport
      ).sendMail({
        ...rest,
        list: list ? { unsubscribe: { url: list.unsubscribe }, id: { url: list.id.id, comment: list.id.name } } : undefined,
      });
    } catch (error) {
      const code = Number((error as { responseCode?: unknown }).responseCode);
      if (code >= 400 && code < 600) throw new MailRejectedError((error as Error).message, code);
      throw error;
    }
  }

  private url(): string {
    if (!this.options.pool) return this.smtpUrl;
    const url = new URL(this.smtpUrl);
    if (!url.searchParams.has('pool')) url.searchParams.set('pool', 'true');
    return url.toString();
  }
}

/** Without SMTP_URL: each message's subject and recipient go to the log. */
export class LogTransport implements MailTransport {
  readonly delivers = false;

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  async send(mail: RichMail): Promise<void> {
    this.log(`mail (no SMTP_URL set, so not sent) to ${mail.to}: ${mail.subject}`);
  }
}
