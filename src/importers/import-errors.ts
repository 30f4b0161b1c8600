/** The error an import stops with: the file is refused, with where and why, and nothing of it is stored. */
import { AppError } from '../domain/errors.js';

export class ImportRefusedError extends AppError {
  constructor(
    /** Why, in words a person can act on. */
    readonly reason: string,
    /** Where in the file (1-based), when the problem has a place. */
    readonly line?: number,
    readonly column?: number,
  ) {
    const where = line === undefined ? '' : column === undefined ? `line ${line}: ` : `line ${line}, column ${column}: `;
    super(422, 'import_refused', `${where}${reason}; nothing was imported`);
  }
}
