/**
 * Accounts: signing in (throttled), signing up (when allowed), changing a password, and resetting a
 * forgotten one by a mailed link that expires after an hour and works once. A new password ends every
 * session of the user.
 */
import type { WordingFor } from '../text/wording.js';
import type { TokenRepository } from '../../storage/repositories/token.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { UserRow } from '../../storage/schema.js';
import { ForbiddenError, InvalidInputError, UnauthorizedError } from '../errors.js';
import { hashPassword, isEmail, verifyPassword, type UserService } from '../users/user.service.js';
import type { Mailer } from './mailer.js';
import { checkNewPassword } from './password-rules.js';
import type { SessionService } from './session.service.js';
import type { SignInThrottle } from './sign-in-throttle.js';
import type { ActionThrottle } from './action-throttle.js';
import { hashToken, isTokenShaped, issueToken } from './tokens.js';
import type { JobQueue } from '../jobs/job-queue.js';

/** The job that mails a reset link: it issues the token itself, so no usable token waits in the queue. */
export const RESET_MAIL_JOB = 'account.reset-mail';

interface ResetMailJob {
  userId: string;
  linkBase: string;
}

export const RESET_LINK_MINUTES = 60;

export interface StartedSession {
  user: UserRow;
  token: string;
  sessionId: string;
}

export interface AccountOptions {
  allowSignup: boolean;
  /** The words of the reset mail, in the account's dashboard language. */
  wording: WordingFor;
}

export class AccountService {
  private dummyHash: Promise<string> | undefined;
  private jobs: JobQueue | undefined;

  constructor(
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly tokens: TokenRepository,
    private readonly sessions: SessionService,
    private readonly throttle: SignInThrottle,
    private readonly mailer: Mailer,
    private readonly options: AccountOptions,
    private readonly now: () => number = Date.now,
    /** Reset requests and password changes (see action-throttle.ts). */
    private readonly actions?: ActionThrottle,
  ) {}

  /**
   * Sends reset mail from the job queue: the form then answers as fast for an account as for an
   * unknown address, however slow the mail server (810 ms against 17 ms told who has an account).
   */
  useJobs(jobs: JobQueue): void {
    this.jobs = jobs;
    jobs.handle<ResetMailJob>(RESET_MAIL_JOB, (job) => this.mailReset(job));
  }

  get signupAllowed(): boolean {
    return this.options.allowSignup;
  }

  /** Counts the attempt with the throttle, checks the password and starts a new session, ending `replacingToken`'s. */
  async signIn(input: { email: string; password: string; address: string; replacingToken?: string }): Promise<StartedSession> {
    const email = input.email.trim().toLowerCase();
    const attempt = await this.throttle.begin(email, input.address);
    const user = isEmail(email) ? await this.users.findByEmail(email) : undefined;
    // An unknown address costs the same time as a wrong password, so the answer's timing tells nothing.
    const ok = user?.password_hash
      ? await verifyPassword(input.password, user.password_hash)
      : await verifyPassword(input.password, await this.dummy()).then(() => false);
    if (!user || !ok) {
      await this.throttle.fail(attempt);
      throw new UnauthorizedError('That e-mail address and password do not match an account.', 'sign_in_failed');
    }
    await this.throttle.succeed(attempt);
    return { user, ...(await this.sessions.start(user, input.replacingToken)) };
  }

  async signUp(input: { email: string; password: string; displayName?: string; replacingToken?: string }): Promise<StartedSession> {
    if (!this.options.allowSignup) throw new ForbiddenError('New accounts are by invitation only on this server.', 'signup_closed');
    checkNewPassword(input.password, input.email);
    const user = await this.userService.createUser({ email: input.email, password: input.password, displayName: input.displayName });
    return { user, ...(await this.sessions.start(user, input.replacingToken)) };
  }

  /** Changes the password after checking the current one; every session ends and a new one starts. */
  /** Sets the language the dashboard speaks to `user` (one of `languages`; '' or `en` for English). */
  async setLanguage(user: UserRow, language: string, languages: readonly string[]): Promise<void> {
    if (!languages.includes(language)) throw new InvalidInputError('Please choose one of the languages in the list.', 'language');
    await this.users.setLanguage(user.id, language === 'en' ? '' : language, this.now());
  }

  async changePassword(user: UserRow, current: string, next: string): Promise<StartedSession> {
    await this.actions?.checkPasswordChange(user.id);
    if (!user.password_hash || !(await verifyPassword(current, user.password_hash))) {
      await this.actions?.failPasswordChange(user.id);
      throw new InvalidInputError('Your current password is not right.', 'current');
    }
    const started = await this.setPassword(user, next);
    await this.actions?.clearPasswordChange(user.id);
    return started;
  }

  /**
   * Mails a reset link when the address has an account; says nothing either way (no account probing).
   * Throttled per e-mail address and per `clientAddress` whether or not there is an account.
   */
  async requestReset(email: string, linkBase: string, clientAddress = ''): Promise<void> {
    const address = email.trim().toLowerCase();
    if (!isEmail(address)) throw new InvalidInputError('Please enter an e-mail address.', 'email');
    await this.actions?.countResetRequest(address, clientAddress);
    const user = await this.users.findByEmail(address);
    if (!user) return;
    const job: ResetMailJob = { userId: user.id, linkBase };
    if (this.jobs) await this.jobs.enqueue({ kind: RESET_MAIL_JOB, payload: job, maxAttempts: 5 });
    else await this.mailReset(job);
  }

  private async mailReset({ userId, linkBase }: ResetMailJob): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) return;
    const issued = issueToken();
    const now = this.now();
    await this.tokens.insert({
      id: issued.id,
      kind: 'reset',
      email: user.email,
      user_id: user.id,
      blog_id: null,
      role: null,
      created_by: null,
      created_at: now,
      expires_at: now + RESET_LINK_MINUTES * 60_000,
      used_at: null,
    });
    const words = this.options.wording(user.language);
    await this.mailer.send({
      to: user.email,
      subject: words.text('admin.mail.reset.subject'),
      text: [
        words.text('admin.mail.reset.text', { email: user.email }),
        '',
        words.text('admin.mail.reset.choose', { minutes: RESET_LINK_MINUTES }),
        `${linkBase}/admin/reset/${issued.token}`,
        '',
        words.text('admin.mail.reset.notYou'),
      ].join('\n'),
    });
  }

  /** True when a reset link's token can still be used (to show its form). */
  async isResetUsable(token: string): Promise<boolean> {
    return isTokenShaped(token) && (await this.tokens.findUsable(hashToken(token), 'reset', this.now())) !== undefined;
  }

  /** Sets a new password from a reset link; the link is used up, every session ends and a new one starts. */
  async resetPassword(token: string, password: string): Promise<StartedSession> {
    checkNewPassword(password);
    const used = isTokenShaped(token) ? await this.tokens.consume(hashToken(token), 'reset', this.now()) : undefined;
    const user = used?.user_id ? await this.users.findById(used.user_id) : undefined;
    if (!user) throw new InvalidInputError('This reset link has expired or was already used. Please ask for a new one.', 'token');
    return this.setPassword(user, password);
  }

  private async setPassword(user: UserRow, password: string): Promise<StartedSession> {
    checkNewPassword(password, user.email);
    const now = this.now();
    await this.users.updatePassword(user.id, await hashPassword(password), now);
    await this.tokens.voidResets(user.id, now);
    await this.sessions.endAll(user.id);
    return { user, ...(await this.sessions.start(user)) };
  }

  private dummy(): Promise<string> {
    return (this.dummyHash ??= hashPassword('not a real password, only for equal timing'));
  }
}
