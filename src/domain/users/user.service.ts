/**
 * Users: creating accounts (from the command line for now) with passwords hashed by Node's scrypt at
 * OWASP's recommended cost (N=2^17, r=8, p=1), and giving them roles on blogs.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { newId } from '../../storage/ids.js';
import type { UserRepository } from '../../storage/repositories/user.repository.js';
import type { Role, UserRow } from '../../storage/schema.js';
import { ConflictError, InvalidInputError } from '../errors.js';

const SCRYPT: ScryptOptions = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 };
const KEY_LENGTH = 32;
export const ROLES: readonly Role[] = ['owner', 'admin', 'author', 'contributor', 'reader'];

function scryptAsync(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches a hash made by hashPassword. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A plausible e-mail address: something@domain, no spaces, at most 254 characters. */
export function isEmail(email: string): boolean {
  return email.length <= 254 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(email);
}

export class UserService {
  private memberAdded: (blogId: string, userId: string, role: Role) => Promise<void> = async () => {};

  constructor(
    private readonly users: UserRepository,
    private readonly now: () => number = Date.now,
  ) {}

  /** Who is told when a member joins a blog (its webhooks); set once the event feed exists. */
  onMemberAdded(listener: (blogId: string, userId: string, role: Role) => Promise<void>): void {
    this.memberAdded = listener;
  }

  /** Whether someone already has an account under `email`. */
  async hasAccount(email: string): Promise<boolean> {
    return (await this.users.findByEmail(email)) !== undefined;
  }

  async createUser(input: { email: string; displayName?: string; password?: string }): Promise<UserRow> {
    const email = input.email.trim().toLowerCase();
    if (!isEmail(email)) throw new InvalidInputError(`"${input.email}" is not an e-mail address.`, 'email');
    if (await this.users.findByEmail(email)) throw new ConflictError(`A user with the e-mail ${email} already exists.`);
    if (input.password !== undefined && (input.password.length < 8 || input.password.length > 1024)) {
      throw new InvalidInputError('A password is 8 to 1,024 characters.', 'password');
    }
    const displayName = (input.displayName ?? email.split('@')[0]!)
      .replace(/[\u0000-\u001F\u007F]/g, '')
      .trim()
      .slice(0, 100);
    return this.users.insert({
      id: newId(),
      email,
      displayName: displayName || email,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      now: this.now(),
    });
  }

  async addMember(blogId: string, userId: string, role: Role): Promise<void> {
    if (!ROLES.includes(role)) throw new InvalidInputError(`A role is one of ${ROLES.join(', ')}.`, 'role');
    const before = await this.users.findMembership(blogId, userId);
    await this.users.addMembership(blogId, userId, role, this.now());
    await this.users.bumpRights(userId);
    if (!before) await this.memberAdded(blogId, userId, role);
  }
}
