/**
 * A blog's members: invitations by a link (mailed when SMTP is set up, and always shown once to copy),
 * accepting one (with an existing account or a new one), changing roles and removing members. A blog
 * always keeps an owner. Every change of someone's role rotates their sessions (see SessionService).
 */
import type { WordingFor } from '../text/wording.js';
import type { TokenRepository } from '../../storage/repositories/token.repository.js';
import type { BlogOfUser, MemberView, UserRepository } from '../../storage/repositories/user.repository.js';
import type { AuthTokenRow, BlogRow, MembershipRow, Role, UserRow } from '../../storage/schema.js';
import type { Mailer } from '../accounts/mailer.js';
import { checkNewPassword } from '../accounts/password-rules.js';
import { hashToken, isTokenShaped, issueToken } from '../accounts/tokens.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import { isEmail, ROLES, type UserService } from '../users/user.service.js';
import type { ReaderService } from './reader.service.js';

export { createReaderService } from './reader.service.js';

export const INVITE_DAYS = 7;

export interface Invitation {
  link: string;
  mailed: boolean;
}

export class MemberService {
  constructor(
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly tokens: TokenRepository,
    private readonly mailer: Mailer,
    private readonly now: () => number,
    /** Private blogs' readers: the cap on invitations, who may read, feed keys. */
    readonly readers: ReaderService,
    /** The invitation is written in the blog's language, the language the invited person will write or read in. */
    private readonly wording: WordingFor,
  ) {}

  /** The blog's members, with their names, addresses and roles. */
  membersOf(blogId: string): Promise<MemberView[]> {
    return this.users.membersOfBlog(blogId);
  }

  /** `userId`'s membership of the blog, if they are a member. */
  membership(blogId: string, userId: string): Promise<MembershipRow | undefined> {
    return this.users.findMembership(blogId, userId);
  }

  /** `userId`'s role on the blog, or null for someone who is not a member. */
  async roleOn(blogId: string, userId: string): Promise<Role | null> {
    return (await this.users.findMembership(blogId, userId))?.role ?? null;
  }

  /** The blogs `userId` is a member of (writes for or runs), each with their role on it; not those they only read. */
  async blogsOf(userId: string): Promise<BlogOfUser[]> {
    return (await this.users.blogsOfUser(userId)).filter((m) => m.role !== 'reader');
  }

  /** The blogs `userId` only reads (private blogs they were invited to as a reader). */
  async readsOf(userId: string): Promise<BlogOfUser[]> {
    return (await this.users.blogsOfUser(userId)).filter((m) => m.role === 'reader');
  }

  /** The member `userId` of the blog, or undefined for someone who is not a member. */
  async member(blogId: string, userId: string): Promise<UserRow | undefined> {
    return (await this.users.findMembership(blogId, userId)) ? this.users.findById(userId) : undefined;
  }

  async invite(blog: BlogRow, email: string, role: Role, by: UserRow, linkBase: string): Promise<Invitation> {
    const address = email.trim().toLowerCase();
    if (!isEmail(address)) throw new InvalidInputError('Please enter the e-mail address of the person to invite.', 'email');
    if (!ROLES.includes(role)) throw new InvalidInputError(`A role is one of ${ROLES.join(', ')}.`, 'role');
    const existing = await this.users.findByEmail(address);
    if (existing && (await this.users.findMembership(blog.id, existing.id))) {
      throw new ConflictError(`${address} is already a member of this blog.`);
    }
    if (role === 'reader') await this.readers.checkRoomForReader(blog.id);
    const issued = issueToken();
    const now = this.now();
    await this.tokens.insert({
      id: issued.id,
      kind: 'invite',
      email: address,
      user_id: null,
      blog_id: blog.id,
      role,
      created_by: by.id,
      created_at: now,
      expires_at: now + INVITE_DAYS * 24 * 60 * 60 * 1000,
      used_at: null,
    });
    const link = `${linkBase}/admin/invite/${issued.token}`;
    if (this.mailer.delivers) {
      const words = this.wording(blog.language);
      const about = { name: by.display_name, email: by.email, blog: blog.title, role };
      await this.mailer.send({
        to: address,
        subject: words.text('admin.mail.invite.subject', about),
        text: `${words.text('admin.mail.invite.text', about)}\n\n${words.text('admin.mail.invite.accept', { days: INVITE_DAYS })}\n${link}\n`,
      });
    }
    return { link, mailed: this.mailer.delivers };
  }

  /** The open invitation a link names, with its blog's ID and role; undefined when expired or used. */
  async findInvite(token: string): Promise<AuthTokenRow | undefined> {
    return isTokenShaped(token) ? this.tokens.findUsable(hashToken(token), 'invite', this.now()) : undefined;
  }

  /** Accepts an invitation for a signed-in user, or (with a password) for a new account with the invited address. */
  async accept(
    token: string,
    who: { user: UserRow } | { password: string; displayName: string },
  ): Promise<{ user: UserRow; blogId: string }> {
    const invite = await this.findInvite(token);
    if (!invite?.blog_id || !invite.role) throw new NotFoundError('This invitation has expired or was already used.');
    let user: UserRow;
    if ('user' in who) user = who.user;
    else {
      if (await this.users.findByEmail(invite.email)) {
        throw new ConflictError(`${invite.email} already has an account: please sign in first, then open the invitation again.`);
      }
      checkNewPassword(who.password, invite.email);
      user = await this.userService.createUser({ email: invite.email, password: who.password, displayName: who.displayName || undefined });
    }
    const used = await this.tokens.consume(invite.id, 'invite', this.now());
    if (!used) throw new NotFoundError('This invitation has expired or was already used.');
    const current = await this.users.findMembership(invite.blog_id, user.id);
    // Accepting never lowers a role the user already has.
    if (!current) await this.userService.addMember(invite.blog_id, user.id, invite.role);
    return { user, blogId: invite.blog_id };
  }

  listInvites(blogId: string): Promise<AuthTokenRow[]> {
    return this.tokens.listOpenInvites(blogId, this.now());
  }

  async withdrawInvite(blogId: string, inviteId: string): Promise<void> {
    if (!(await this.tokens.deleteInvite(blogId, inviteId))) throw new NotFoundError('That invitation does not exist.');
  }

  /**
   * Hands the blog over: another member becomes owner, then the owner handing it over becomes an admin
   * (in that order, so the blog has an owner at every moment). Both have their sessions rotated.
   */
  async handOver(blogId: string, fromUserId: string, toUserId: string): Promise<void> {
    if (fromUserId === toUserId) throw new InvalidInputError('Choose another member to hand the blog over to.', 'to');
    const from = await this.users.findMembership(blogId, fromUserId);
    if (from?.role !== 'owner') throw new ConflictError('Only an owner of this blog can hand it over.');
    if (!(await this.users.findMembership(blogId, toUserId))) throw new NotFoundError('That person is not a member of this blog.');
    await this.userService.addMember(blogId, toUserId, 'owner');
    await this.userService.addMember(blogId, fromUserId, 'admin');
  }

  /** Gives a member a new role (or, with null, removes them), keeping at least one owner. */
  async changeRole(blogId: string, userId: string, role: Role | null): Promise<void> {
    const membership = await this.users.findMembership(blogId, userId);
    if (!membership) throw new NotFoundError('That person is not a member of this blog.');
    if (membership.role === 'owner' && role !== 'owner') {
      const owners = (await this.users.membershipsOfBlog(blogId)).filter((m) => m.role === 'owner');
      if (owners.length <= 1) throw new ConflictError('A blog needs an owner: make someone else owner first.');
    }
    if (role === null) {
      await this.users.removeMembership(blogId, userId);
      await this.users.bumpRights(userId);
    } else await this.userService.addMember(blogId, userId, role);
  }
}
