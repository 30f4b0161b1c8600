/**
 * Opens the database named by DATABASE_URL: a file path or `sqlite:` URL for SQLite,
 * `postgres://…` for PostgreSQL. Returns the Kysely handle and the dialect's differences.
 */
import type { Kysely, LogConfig } from 'kysely';
import type { Database } from './schema.js';
import type { SqlDialect } from './dialects/dialect.js';
import { openSqlite, sqliteDialect } from './dialects/sqlite.js';
import { openPostgres, postgresDialect } from './dialects/postgres.js';
import { postgresStartError, sqliteStartError } from './storage-errors.js';

export interface Storage {
  db: Kysely<Database>;
  dialect: SqlDialect;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL only: keep every table in this schema. */
  searchPath?: string;
  /** Kysely's query log: the query-plan tests read every statement a page runs through it. */
  log?: LogConfig;
}

/** True when `url` names a PostgreSQL database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the database; a file that cannot be opened, or an address that is not one, is named in the error. */
export function openStorage(url: string, options: OpenOptions = {}): Storage {
  if (isPostgresUrl(url)) {
    try {
      new URL(url);
    } catch (error) {
      throw postgresStartError(url, error);
    }
    const db = openPostgres(url, options.searchPath, options.log);
    return { db, dialect: postgresDialect, close: () => db.destroy() };
  }
  const file = url.replace(/^sqlite:(\/\/)?/i, '') || ':memory:';
  let db: Kysely<Database>;
  try {
    db = openSqlite(file, options.log);
  } catch (error) {
    throw sqliteStartError(file, url, error);
  }
  return { db, dialect: sqliteDialect, close: () => db.destroy() };
}
