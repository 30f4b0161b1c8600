/**
 * Outgoing mail: over SMTP with nodemailer when SMTP_URL is set; otherwise each message is written to
 * the log, so a link (a password reset, an invitation) still reaches the person running the server.
 */
import type { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** True when mail really leaves the machine (the dashboard then offers e-mail, not just a link). */
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
}

/** Sends over SMTP. */
export class SmtpMailer implements Mailer {
  readonly delivers = true;
  /** nodemailer is loaded with the first message: most starts of the server send none. */
  private transport: Promise<Transporter> | undefined;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    this.transport ??= import('nodemailer').then((m) => m.default.createTransport(this.smtpUrl));
    await (await this.transport).sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}

/** Writes each message to the log instead of sending it. */
export class LogMailer implements Mailer {
  readonly delivers = false;

  constructor(private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {}

  async send(message: MailMessage): Promise<void> {
    this.log(`mail (no SMTP_URL set, so not sent) to ${message.to}: ${message.subject}\n${message.text}`);
  }
}
