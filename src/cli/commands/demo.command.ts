/** `dastan demo [--reset]`: fills the demo blogs and prints where to read them. */
import type { Command } from 'commander';
import { withContext, type CommandContext } from '../context.js';
import type { Progress } from '../progress.js';
import type { FilledBlog } from '../../demo/fill-demo.js';
import { postPath } from '../../domain/blogs/urls.js';

function originOf(ctx: CommandContext, host: string): string {
  return `http://${host}${ctx.config.port === 80 ? '' : `:${ctx.config.port}`}`;
}

function summaryOf(result: FilledBlog): string {
  const { blog, written } = result;
  if (result.status === 'existing') return `blog "${blog.name}" already exists; left as it is`;
  return (
    `created blog "${blog.name}" (${blog.title}): ${written.posts} posts, ${written.pages} pages, ` +
    `${written.comments} comments, ${written.views.toLocaleString('en')} page views over the last 60 days`
  );
}

/** The pages worth opening first, each with a few words on what it shows. */
async function addressesToOpen(ctx: CommandContext, results: FilledBlog[]): Promise<[string, string][]> {
  const { showcasePost } = await import('../../demo/fill-demo.js');
  const [demo, urdu] = results.map((r) => r.blog);
  const lines: [string, string][] = [];
  if (demo) {
    const home = originOf(ctx, `${demo.name}.${ctx.config.baseDomain}`);
    lines.push([`${home}/`, 'the demo blog']);
    if (demo.is_primary) lines.push([`${originOf(ctx, ctx.config.baseDomain)}/`, 'the same blog: it is the primary one']);
    const post = await showcasePost(ctx.services, demo);
    if (post) lines.push([`${home}${postPath(post)}`, 'a post with threaded comments']);
    lines.push([`${home}/p/about.html`, 'a static page']);
    lines.push([`${home}/search/label/under%20the%20hood`, 'a label']);
  }
  if (urdu) lines.push([`${originOf(ctx, `${urdu.name}.${ctx.config.baseDomain}`)}/`, 'the Urdu blog, right to left']);
  return lines;
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('fill a demo blog "demo" (and a small right-to-left blog "urdu") with posts, pages, comments and page views')
    .option('--reset', 'delete both demo blogs and everything in them, then write them afresh')
    .action(async (opts: { reset?: boolean }) => {
      // Loaded here, not with the command line: every other command (and the server) can do without them.
      const [{ fillDemo }, { startProgress }] = await Promise.all([import('../../demo/fill-demo.js'), import('../progress.js')]);
      await withContext(async (ctx) => {
        let progress: Progress | undefined;
        const results = await fillDemo(ctx.services, {
          reset: opts.reset,
          onProgress: (done, total) => {
            if (total === 0) return;
            progress ??= startProgress('Writing the demo blogs', total);
            progress.update(done);
          },
        });
        progress?.stop();

        for (const result of results) console.log(summaryOf(result));
        if (results.every((r) => r.status === 'existing'))
          console.log('Nothing written. Run `dastan demo --reset` to start the demo afresh.');

        const lines = await addressesToOpen(ctx, results);
        const width = Math.max(...lines.map(([url]) => url.length));
        console.log('\nStart the server (npm start), then open:');
        for (const [url, what] of lines) console.log(`  ${url.padEnd(width)}  ${what}`);
      });
    });
}
