/** A mailer that keeps what it was asked to send, for tests to read links from. */
import type { MailMessage, Mailer } from '../../src/domain/accounts/mailer.js';

export class CapturingMailer implements Mailer {
  readonly delivers = true;
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
  }

  /** The first dashboard link in the newest message to `to`. */
  lastLinkTo(to: string): string | undefined {
    const message = this.sent.filter((m) => m.to === to).at(-1);
    return message?.text.match(/https?:\/\/\S+\/admin\/\S+/)?.[0];
  }
}
