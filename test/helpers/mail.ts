/** A mailer that keeps what it was asked to send, for tests to read links from. */
import type { MailMessage, Mailer } from '../../src/domain/accounts/mailer.js';

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
