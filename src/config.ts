/**
 * Configuration: the one place that reads `process.env` (and the optional JSON config file).
 * Every value is validated at start; a bad value stops the start with a message naming the variable.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import * as z from 'zod';
import { isAllowEntry } from './domain/net/ip-ranges.js';
import { parseMailRate, type MailRate } from './domain/subscriptions/mail-rate.js';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  baseDomain: string;
  dataDir: string;
  secretKey: string;
  trustProxy: boolean;
  redisUrl: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seconds a rendered public page may be served from the in-process page cache (0 turns it off). */
  pageCacheSeconds: number;
  /** Seconds between writes of buffered page-view counts. */
  viewFlushSeconds: number;
  /** `smtp://user:pass@host:587` or `smtps://…`: where mail goes; without it, mailed links are logged. */
  smtpUrl: string | undefined;
  /** The From address of mail Dastan sends. */
  mailFrom: string;
  /** MAIL_RATE: the most mail to subscribers the whole install sends, across all its processes; null: no limit. */
  mailRate: MailRate | null;
  /** BOUNCE_MAILDIR: a Maildir folder of bounces (DSN) and complaints (ARF) to read every minute. */
  bounceMaildir: string | undefined;
  /** Whether anyone may create an account (otherwise only by invitation). */
  allowSignup: boolean;
  /** The largest image upload, in bytes. */
  uploadMaxBytes: number;
  /** The largest export file the dashboard's import form takes, in bytes. */
  importMaxBytes: number;
  /** Requests a minute the Blogger API answers per token (or, without one, per client address). */
  apiRateLimit: number;
  /** Readers (and open invitations to be one) a private blog may have. */
  privateBlogReadersMax: number;
  /**
   * Hosts, IP addresses and CIDR networks Dastan may fetch from although they are not public
   * (OUTBOUND_ALLOW, comma-separated): for intranets and tests. Empty by default.
   */
  outboundAllow: string[];
  /** How mailed links reach the blogs (PUBLIC_SCHEME, PUBLIC_PORT): links in mail never come from a request. */
  publicScheme: 'http' | 'https';
  /** '' for the scheme's own port. */
  publicPort: string;
}

/** What the services read of the configuration (tests hand in a few of these). */
export type ServiceConfig = Pick<Config, 'baseDomain'> &
  Partial<
    Pick<Config, 'allowSignup' | 'dataDir' | 'secretKey' | 'outboundAllow' | 'smtpUrl' | 'mailFrom' | 'publicScheme' | 'publicPort'>
  > &
  Partial<Pick<Config, 'privateBlogReadersMax' | 'mailRate' | 'bounceMaildir'>>;

/** Thrown when a configuration value is invalid; the message names the variable. */
export class ConfigError extends Error {}

const booleanString = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''].includes(v), {
    message: 'must be true or false',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const schema = z.object({
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .min(1)
    .refine((v) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(v) || /^(postgres|postgresql|sqlite):\/\//i.test(v), {
      message: 'must be a file path, a sqlite: URL or a postgres:// URL',
    })
    .default('./data/dastan.db'),
  BASE_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'must be a host name such as example.com')
    .default('localhost'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY: booleanString.default(false),
  REDIS_URL: z
    .string()
    .trim()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PAGE_CACHE_SECONDS: integer(0, 86400).default(60),
  VIEW_FLUSH_SECONDS: integer(1, 60).default(2),
  SMTP_URL: z
    .string()
    .trim()
    .regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>\r\n]*<)?[^\s@<>]+@[^\s@<>]+>?$/, 'must be an address such as Dastan <blog@example.com>')
    .optional(),
  MAIL_RATE: z
    .string()
    .refine((v) => parseMailRate(v) !== undefined, { message: 'must be a number of mails per second, minute or hour, such as 600/minute' })
    .transform((v) => parseMailRate(v) ?? null)
    .optional(),
  BOUNCE_MAILDIR: z.string().trim().min(1).optional(),
  ALLOW_SIGNUP: booleanString.default(false),
  UPLOAD_MAX_MB: integer(1, 100).default(10),
  IMPORT_MAX_MB: integer(1, 4096).default(512),
  API_RATE_LIMIT: integer(1, 1_000_000).default(600),
  PRIVATE_BLOG_READERS_MAX: integer(1, 1_000_000).default(100),
  OUTBOUND_ALLOW: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine((entries) => entries.every(isAllowEntry), {
      message: 'must be host names, IP addresses or CIDR networks separated by commas, such as 127.0.0.1,10.0.0.0/8,intranet.example',
    })
    .default([]),
  PUBLIC_SCHEME: z.enum(['http', 'https']).optional(),
  PUBLIC_PORT: integer(1, 65535).optional(),
});

type Source = Record<string, string | undefined>;

/** Reads the optional config file named by DASTAN_CONFIG (or ./dastan.config.json) as a set of variables. */
function readConfigFile(env: Source): Source {
  const file = env.DASTAN_CONFIG ?? (existsSync('dastan.config.json') ? 'dastan.config.json' : undefined);
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`DASTAN_CONFIG: cannot read ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`DASTAN_CONFIG: ${file} must hold a JSON object of variables`);
  }
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null ? undefined : String(v)]));
}

/**
 * Loads configuration from the environment (over the config file, over defaults).
 * Without SECRET_KEY, a random key is made once and kept in DATA_DIR/secret-key.
 */
export function loadConfig(env: Source = process.env): Config {
  const merged: Source = { ...readConfigFile(env) };
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') merged[key] = value;
  const result = schema.safeParse(merged);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(merged[String(issue.path[0])])})`);
  }
  const v = result.data;
  return {
    port: v.PORT,
    host: v.HOST,
    databaseUrl: v.DATABASE_URL,
    baseDomain: v.BASE_DOMAIN,
    dataDir: path.resolve(v.DATA_DIR),
    secretKey: v.SECRET_KEY ?? persistentSecret(path.resolve(v.DATA_DIR)),
    trustProxy: v.TRUST_PROXY,
    redisUrl: v.REDIS_URL,
    logLevel: v.LOG_LEVEL,
    pageCacheSeconds: v.PAGE_CACHE_SECONDS,
    viewFlushSeconds: v.VIEW_FLUSH_SECONDS,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM ?? `Dastan <no-reply@${v.BASE_DOMAIN}>`,
    mailRate: v.MAIL_RATE ?? null,
    bounceMaildir: v.BOUNCE_MAILDIR === undefined ? undefined : path.resolve(v.BOUNCE_MAILDIR),
    allowSignup: v.ALLOW_SIGNUP,
    uploadMaxBytes: v.UPLOAD_MAX_MB * 1024 * 1024,
    importMaxBytes: v.IMPORT_MAX_MB * 1024 * 1024,
    apiRateLimit: v.API_RATE_LIMIT,
    privateBlogReadersMax: v.PRIVATE_BLOG_READERS_MAX,
    outboundAllow: v.OUTBOUND_ALLOW,
    // A server on localhost is reached as http://NAME.localhost:PORT; anything else as https on 443.
    publicScheme: v.PUBLIC_SCHEME ?? (v.BASE_DOMAIN === 'localhost' ? 'http' : 'https'),
    publicPort: v.PUBLIC_PORT !== undefined ? String(v.PUBLIC_PORT) : v.BASE_DOMAIN === 'localhost' ? String(v.PORT) : '',
  };
}

function persistentSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret-key');
  try {
    if (existsSync(file)) return readFileSync(file, 'utf8').trim();
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    writeFileSync(file, key, { mode: 0o600 });
    return key;
  } catch (error) {
    throw new ConfigError(
      `DATA_DIR: cannot keep the secret key in ${file} (${(error as Error).message}); let the server write to DATA_DIR or set SECRET_KEY`,
    );
  }
}
