/**
 * A reader commenting over Fastify's `inject`, as a browser would: reads the post page's form (its
 * stamp), fetches the form's token (which sets the signed-out CSRF cookie), waits like a person, posts.
 */
import type { LightMyRequestResponse } from 'fastify';
import { BROWSER_UA, hostOf, type TestApp } from './app.js';

export class Commenter {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly t: TestApp,
    readonly blogName: string,
    readonly address = '203.0.113.7',
  ) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies) this.cookies.set(c.name, c.value);
    return res;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      host: hostOf(this.blogName),
      'user-agent': BROWSER_UA,
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...extra,
    };
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.t.app.inject({ method: 'GET', url, headers: this.headers(), remoteAddress: this.address }));
  }

  /** The post page's form stamp, and a fresh token. */
  async openForm(postPath: string): Promise<{ stamp: string; postId: string }> {
    const page = await this.get(postPath);
    const stamp = /name="_ts" value="([^"]+)"/.exec(page.body)?.[1];
    const postId = /name="postId" value="([^"]+)"/.exec(page.body)?.[1];
    if (!stamp || !postId) throw new Error(`no comment form on ${postPath} (${page.statusCode})`);
    const token = await this.get('/comments/token');
    this.csrf = (JSON.parse(token.body) as { csrf: string }).csrf;
    return { stamp, postId };
  }

  async post(url: string, fields: Record<string, string>, extra: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.remember(
      await this.t.app.inject({
        method: 'POST',
        url,
        headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded', ...extra }),
        remoteAddress: this.address,
        payload: new URLSearchParams(fields).toString(),
      }),
    );
  }

  /** Opens the form, waits `seconds` (the test clock), posts the comment with the token and stamp. */
  async comment(
    postPath: string,
    fields: Record<string, string>,
    options: { seconds?: number; json?: boolean; csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const { stamp, postId } = await this.openForm(postPath);
    this.t.clock.advance((options.seconds ?? 5) * 1000);
    const all = { postId, _ts: stamp, name: 'Rita Reader', body: 'A thoughtful comment.', ...fields };
    if (options.csrf !== false) Object.assign(all, { _csrf: this.csrf });
    return this.post('/comments', all, options.json ? { accept: 'application/json' } : {});
  }
}
