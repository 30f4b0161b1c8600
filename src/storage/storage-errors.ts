/**
 * What went wrong underneath, in words a person can act on. A full disk, a read-only database or a
 * database server that does not answer are not bugs: the server answers 503 ("try again later") for
 * them instead of 500, and recovers by itself when the disk has room again. At start, the same errors
 * (and a file that cannot be opened) are named with the file or DATABASE_URL that caused them.
 */

/** Why storage cannot take a write right now, or null when the error is something else. */
export type StorageTrouble = 'full' | 'read-only' | 'unavailable';

interface CodedError {
  code?: unknown;
}

/** The error's code (`SQLITE_FULL`, `ENOSPC`, PostgreSQL's SQLSTATE), or ''. */
const codeOf = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null ? (error as CodedError).code : undefined;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
};

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT', '53100']);
const READ_ONLY_CODES = new Set(['SQLITE_READONLY', 'SQLITE_READONLY_DIRECTORY', 'SQLITE_READONLY_DBMOVED', 'EROFS', '25006']);
/** PostgreSQL shutting down or starting, too many connections, or the connection gone. */
const UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'SQLITE_IOERR', 'EIO']);

/** Classifies an error from SQLite, PostgreSQL or the file system (uploads). */
export function storageTrouble(error: unknown): StorageTrouble | null {
  if (typeof error !== 'object' || error === null) return null;
  const code = codeOf(error);
  if (FULL_CODES.has(code)) return 'full';
  if (READ_ONLY_CODES.has(code)) return 'read-only';
  // SQLite's extended I/O codes (SQLITE_IOERR_WRITE, …_FSYNC) and PostgreSQL's class 08 (connection).
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('SQLITE_IOERR_') || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
  // A write that ran out of room can reach us wrapped (a stream's error, a migration's message).
  const message = error instanceof Error ? error.message : '';
  if (/database or disk is full|no space left on device/i.test(message)) return 'full';
  return null;
}

/** DATABASE_URL as it may be shown: a PostgreSQL password is replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^/?#]*@/i, '$1***@').replace(/([?&]password=)[^&]*/i, '$1***');
}

/** The start-up failure, said once, for the command line to print. */
export class StorageStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageStartError';
  }
}

const SQLITE_HINTS: [RegExp, string][] = [
  [
    /unable to open database file|ENOENT|ENOTDIR|EEXIST|EACCES|EPERM|EISDIR/i,
    'the file or its folder cannot be opened or created there (check the path and that the server may write to the folder)',
  ],
  [/readonly|read-only|EROFS/i, 'the file (or its folder, where SQLite keeps its -wal and -shm files) is read-only to the server'],
  [/not a database|malformed|SQLITE_NOTADB|SQLITE_CORRUPT/i, 'the file is not a Dastan SQLite database or is damaged'],
  [/disk is full|ENOSPC|SQLITE_FULL/i, 'the disk holding it is full'],
];

/** Says why SQLite could not be opened, naming the file and DATABASE_URL. */
export function sqliteStartError(file: string, url: string, error: unknown): StorageStartError {
  const reason = (error as Error).message ?? String(error);
  const hint = SQLITE_HINTS.find(([pattern]) => pattern.test(`${codeOf(error)} ${reason}`))?.[1];
  return new StorageStartError(`cannot open the SQLite database ${file} (DATABASE_URL=${url}): ${reason}${hint ? `; ${hint}` : ''}`);
}

const POSTGRES_HINTS: [RegExp, string][] = [
  [
    /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|timeout/i,
    'is PostgreSQL running, and do the host and port in DATABASE_URL name it?',
  ],
  [/password authentication|no pg_hba|role .* does not exist|SASL/i, 'check the user name and password in DATABASE_URL'],
  [/database .* does not exist/i, 'create the database first (createdb NAME) or fix its name in DATABASE_URL'],
  [/permission denied/i, 'the user in DATABASE_URL may not create tables there'],
  [/Invalid URL|invalid connection|URI malformed/i, 'DATABASE_URL is not a valid postgres://user:password@host:port/database address'],
];

/** Says why PostgreSQL could not be reached or used, naming DATABASE_URL without its password. */
export function postgresStartError(url: string, error: unknown): StorageStartError {
  const shown = redactDatabaseUrl(url);
  // The driver's message can repeat the connection string; never print a password.
  const password = /^postgres(?:ql)?:\/\/[^:/@]*:([^/?#]*)@/i.exec(url)?.[1];
  let reason = (error as Error).message ?? String(error);
  if (password) reason = reason.split(password).join('***');
  const hint = POSTGRES_HINTS.find(([pattern]) => pattern.test(`${codeOf(error)} ${reason}`))?.[1];
  return new StorageStartError(`cannot use the PostgreSQL database at DATABASE_URL=${shown}: ${reason}${hint ? `; ${hint}` : ''}`);
}
