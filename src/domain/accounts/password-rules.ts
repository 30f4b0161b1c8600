/** What a new password must be: long enough to resist guessing, short enough to hash quickly. */
import { InvalidInputError } from '../errors.js';

export const MIN_PASSWORD = 8;
export const MAX_PASSWORD = 1024;

/** Throws InvalidInputError (field `password`) when `password` cannot be used. */
export function checkNewPassword(password: string, email?: string): void {
  if (password.length < MIN_PASSWORD || password.length > MAX_PASSWORD) {
    throw new InvalidInputError(`A password is ${MIN_PASSWORD} to ${MAX_PASSWORD.toLocaleString('en')} characters.`, 'password');
  }
  if (password.trim() === '') throw new InvalidInputError('A password cannot be only spaces.', 'password');
  if (email && password.trim().toLowerCase() === email.trim().toLowerCase()) {
    throw new InvalidInputError('A password cannot be your e-mail address.', 'password');
  }
}
