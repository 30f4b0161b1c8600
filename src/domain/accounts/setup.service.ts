/**
 * The first run: on a database with no users, one set-up creates the owner's account and the first
 * blog. It can happen once: a platform flag is claimed first, so two racing set-ups cannot both win,
 * and after it the set-up is closed for good.
 */
import type { BlogRepository } from '../../storage/repositories/blog.repository.js';
import type { PlatformRepository } from '../../storage/repositories/platform.repository.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { BlogRow, UserRow } from '../../storage/schema.js';
import { isValidBlogName, type BlogService } from '../blogs/blog.service.js';
import { ConflictError, InvalidInputError } from '../errors.js';
import { isEmail, type UserService } from '../users/user.service.js';
import { checkNewPassword } from './password-rules.js';
import { isLanguageTag, isTimeZone } from '../text/time.js';

export interface SetupInput {
  email: string;
  password: string;
  displayName?: string;
  blogName: string;
  blogTitle: string;
  /** The blog's language and time zone (default en, UTC); checked by BlogService. */
  language?: string;
  timeZone?: string;
}

const FLAG = 'setup-done';

export class SetupService {
  /** Once closed, closed for good: no need to ask the database again. */
  private closed = false;

  constructor(
    private readonly platform: PlatformRepository,
    private readonly users: UserRepository,
    private readonly blogRows: BlogRepository,
    private readonly userService: UserService,
    private readonly blogs: BlogService,
    private readonly now: () => number = Date.now,
  ) {}

  /** True while the set-up page may be shown: the database is empty (no user, no blog) and no set-up ever happened. */
  async isOpen(): Promise<boolean> {
    if (this.closed) return false;
    this.closed = (await this.platform.has(FLAG)) || (await this.users.count()) > 0 || (await this.blogRows.count()) > 0;
    return !this.closed;
  }

  async setUp(input: SetupInput): Promise<{ user: UserRow; blog: BlogRow }> {
    const email = input.email.trim().toLowerCase();
    if (!isEmail(email)) throw new InvalidInputError('Please enter your e-mail address, like you@example.com.', 'email');
    checkNewPassword(input.password, email);
    const name = input.blogName.trim().toLowerCase();
    if (!isValidBlogName(name)) {
      throw new InvalidInputError('A blog name is 1–63 lower-case letters, digits or inner hyphens, like "travel".', 'blogName');
    }
    const title = input.blogTitle.trim();
    if (title.length === 0 || title.length > 200) throw new InvalidInputError('A blog title is 1–200 characters.', 'blogTitle');
    // Checked before anything is written: a refusal from createBlog would come after the account exists.
    if (input.language !== undefined && !isLanguageTag(input.language))
      throw new InvalidInputError(`"${input.language}" is not a language tag such as en, ur or pt-BR.`, 'language');
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
      throw new InvalidInputError(`"${input.timeZone}" is not a time zone such as UTC or Asia/Karachi.`, 'timeZone');

    const closed = () => new ConflictError('Dastan is already set up. Please sign in.');
    if (!(await this.isOpen())) throw closed();
    if (!(await this.platform.claim(FLAG, email, this.now()))) throw closed();
    try {
      const user = await this.userService.createUser({ email, password: input.password, displayName: input.displayName });
      const blog = await this.blogs.createBlog({ name, title, language: input.language, timeZone: input.timeZone });
      await this.userService.addMember(blog.id, user.id, 'owner');
      return { user, blog };
    } catch (error) {
      if ((await this.users.count()) === 0) await this.platform.release(FLAG);
      throw error;
    }
  }
}
