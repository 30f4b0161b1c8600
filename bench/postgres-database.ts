/** A fresh PostgreSQL database for a benchmark run, created beside `baseUrl`'s and dropped afterwards. */
import pg from 'pg';

async function admin(baseUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Creates the database `name` on `baseUrl`'s server; returns its URL and what drops it (even while in use). */
export async function freshPostgresDatabase(baseUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await admin(baseUrl, `create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(baseUrl, `drop database if exists ${name} with (force)`) };
}

/**
 * The database `name` on `baseUrl`'s server, kept between runs: made empty when `fresh` (data not written
 * to the end before), else left as it is. Never dropped.
 */
export async function keptPostgresDatabase(baseUrl: string, name: string, fresh: boolean): Promise<{ url: string; drop(): Promise<void> }> {
  if (fresh) {
    await admin(baseUrl, `drop database if exists ${name} with (force)`);
    await admin(baseUrl, `create database ${name}`);
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => Promise.resolve() };
}
