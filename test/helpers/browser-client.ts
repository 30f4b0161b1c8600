/**
 * A small browser over Fastify's `inject`: it keeps cookies, follows nothing on its own, and reads the
 * CSRF token from the last page it got, as a person's browser would send it back with a form.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Services } from '../../src/services.js';
import type { UserRow } from '../../src/storage/schema.js';
import { BROWSER_UA, hostOf } from './app.js';

export class Client {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` value of the last page that had one. */
  csrf = '';
  /** The browser's `Accept-Language` (none when empty), sent with every page and form. */
  acceptLanguage = '';

  constructor(
    private readonly app: FastifyInstance,
    readonly host = hostOf('www'),
  ) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) {
      if (c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private languageHeader(): Record<string, string> {
    return this.acceptLanguage ? { 'accept-language': this.acceptLanguage } : {};
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.app.inject({
        method: 'GET',
        url,
        headers: { host: this.host, 'user-agent': BROWSER_UA, cookie: this.cookieHeader(), ...this.languageHeader() },
      }),
    );
  }

  /** Posts a form; `_csrf` is the last page's token unless the fields say otherwise. */
  async post(
    url: string,
    fields: Record<string, string | string[]> = {},
    options: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const params = new URLSearchParams();
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    if (token !== null) params.append('_csrf', token);
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          host: this.host,
          'user-agent': BROWSER_UA,
          cookie: this.cookieHeader(),
          'content-type': 'application/x-www-form-urlencoded',
          ...this.languageHeader(),
        },
        payload: params.toString(),
      }),
    );
  }

  /** Uploads one file as the editor does: multipart, with the CSRF token in a header. */
  async upload(url: string, filename: string, bytes: Buffer, type: string): Promise<LightMyRequestResponse> {
    const boundary = `----dastan${Date.now()}`;
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          host: this.host,
          cookie: this.cookieHeader(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'x-csrf-token': this.csrf,
          accept: 'application/json',
        },
        payload,
      }),
    );
  }

  /**
   * Sends a multipart form as a browser does: the fields (`_csrf` first, the last page's token unless
   * the fields say otherwise) and then one file.
   */
  async multipart(
    url: string,
    fields: Record<string, string>,
    file: { field: string; name: string; bytes: Buffer; type: string },
    options: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const boundary = `----dastanform${Date.now()}`;
    const token = options.csrf === undefined ? this.csrf : options.csrf;
    const all = token === null ? fields : { _csrf: token, ...fields };
    const parts = Object.entries(all).map(
      ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
    );
    const payload = Buffer.concat([
      Buffer.from(parts.join('')),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: {
          host: this.host,
          'user-agent': BROWSER_UA,
          cookie: this.cookieHeader(),
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload,
      }),
    );
  }

  /** Signs the user in directly (no password check: tests of other things need not pay for scrypt). */
  async signInAs(services: Services, user: UserRow): Promise<this> {
    const started = await services.sessions.start(user);
    this.cookies.set('dastan_session', started.token);
    await this.get('/admin');
    return this;
  }
}
