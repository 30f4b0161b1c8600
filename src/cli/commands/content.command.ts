/** `dastan blog create|list`, `user create`, `post create`, `comment create`: content from the command line. */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { CommandError, requireBlog, withContext, type CommandContext } from '../context.js';
import type { Role } from '../../storage/schema.js';
import { ROLES } from '../../domain/users/user.service.js';
import { parseLabelList } from '../../domain/posts/label-list.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

function parseDate(value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new CommandError(`--published-at: "${value}" is not an ISO date such as 2026-05-01T09:00:00Z`);
  return ms;
}

export function registerContentCommands(program: Command): void {
  const blog = program.command('blog').description('create and list blogs');
  blog
    .command('create')
    .description('create a blog that answers at NAME.BASE_DOMAIN')
    .argument('<name>', 'the blog name: lower-case letters, digits and hyphens')
    .requiredOption('--title <title>', 'the blog title')
    .option('--description <text>', 'a line under the title', '')
    .option('--domain <domain>', 'a custom domain that also serves the blog')
    .option('--language <tag>', 'the language, such as en, ur or pt-BR', 'en')
    .option('--time-zone <zone>', 'the time zone, such as UTC or Asia/Karachi', 'UTC')
    .option('--primary', 'serve this blog at the bare base domain')
    .action(
      async (
        name: string,
        opts: { title: string; description: string; domain?: string; language: string; timeZone: string; primary?: boolean },
      ) => {
        await withContext(async (ctx) => {
          const created = await ctx.services.blogs.createBlog({
            name,
            title: opts.title,
            description: opts.description,
            customDomain: opts.domain ?? null,
            language: opts.language,
            timeZone: opts.timeZone,
            primary: opts.primary,
          });
          console.log(
            `created blog ${created.name} (id ${created.id}): http://${created.name}.${ctx.config.baseDomain}:${ctx.config.port}/`,
          );
        });
      },
    );
  blog
    .command('list')
    .description('list the blogs')
    .action(async () => {
      await withContext(async (ctx) => {
        for (const b of await ctx.services.repositories.blogs.list()) {
          console.log(`${b.name}\t${b.title}${b.is_primary ? '\t(primary)' : ''}${b.custom_domain ? `\t${b.custom_domain}` : ''}`);
        }
      });
    });

  program
    .command('user')
    .description('manage users')
    .command('create')
    .description('create a user; the password is read from standard input when --password-stdin is given')
    .argument('<email>', 'the e-mail address')
    .option('--name <name>', 'the display name')
    .option('--password-stdin', 'read the password from standard input')
    .option('--blog <name>', 'make the user a member of this blog')
    .addOption(new Option('--role <role>', 'the role on --blog').choices([...ROLES]).default('author'))
    .action(async (email: string, opts: { name?: string; passwordStdin?: boolean; blog?: string; role: Role }) => {
      await withContext(async (ctx) => {
        const password = opts.passwordStdin ? await readStdin() : undefined;
        const target = opts.blog ? await requireBlog(ctx, opts.blog) : undefined;
        const user = await ctx.services.users.createUser({ email, displayName: opts.name, password });
        if (target) await ctx.services.users.addMember(target.id, user.id, opts.role);
        console.log(`created user ${user.email} (id ${user.id})${target ? `, ${opts.role} of ${target.name}` : ''}`);
      });
    });

  program
    .command('post')
    .description('manage posts')
    .command('create')
    .description('write a post (or, with --page, a static page) from a file')
    .requiredOption('--blog <name>', 'the blog')
    .requiredOption('--title <title>', 'the title')
    .requiredOption('--body-file <file>', 'the body: an HTML file, or Markdown when it ends in .md ("-" reads standard input)')
    .option('--labels <a,b>', 'comma-separated labels (a label with a comma in "quotes")', '')
    .option('--published-at <iso>', 'publish time; a future time schedules the post')
    .option('--slug <slug>', 'a custom permalink')
    .option('--draft', 'save as a draft')
    .option('--page', 'a static page at /p/SLUG.html instead of a post')
    .action(
      async (opts: {
        blog: string;
        title: string;
        bodyFile: string;
        labels: string;
        publishedAt?: string;
        slug?: string;
        draft?: boolean;
        page?: boolean;
      }) => {
        let body: string;
        try {
          body = opts.bodyFile === '-' ? await readStdin() : readFileSync(opts.bodyFile, 'utf8');
        } catch (error) {
          throw new CommandError(
            `--body-file: cannot read ${opts.bodyFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
          );
        }
        await withContext(async (ctx) => {
          const target = await requireBlog(ctx, opts.blog);
          const post = await ctx.services.posts.createPost({
            blogId: target.id,
            kind: opts.page ? 'page' : 'post',
            title: opts.title,
            body,
            format: opts.bodyFile.endsWith('.md') ? 'markdown' : 'html',
            labels: parseLabelList(opts.labels),
            publishedAt: opts.publishedAt ? parseDate(opts.publishedAt) : undefined,
            draft: opts.draft,
            slug: opts.slug,
          });
          const path =
            post.kind === 'page'
              ? `/p/${post.slug}.html`
              : post.path_year
                ? `/${post.path_year}/${String(post.path_month).padStart(2, '0')}/${post.slug}.html`
                : '(draft)';
          console.log(`created ${post.kind} ${post.id} (${post.status}) ${path}`);
        });
      },
    );

  program
    .command('comment')
    .description('manage comments')
    .command('create')
    .description('add a comment to a post (readers comment through the blog)')
    .requiredOption('--blog <name>', 'the blog')
    .requiredOption('--post <id-or-path>', 'the post: its ID or its path, such as /2026/05/my-post.html')
    .requiredOption('--name <name>', "the commenter's name")
    .requiredOption('--body <text>', 'the comment (basic HTML: b, i, a, blockquote, code)')
    .option('--url <url>', "the commenter's website")
    .option('--reply-to <id>', 'the ID of the comment this answers')
    .addOption(new Option('--status <status>', 'the comment status').choices(['live', 'pending', 'spam']).default('live'))
    .action(
      async (opts: {
        blog: string;
        post: string;
        name: string;
        body: string;
        url?: string;
        replyTo?: string;
        status: 'live' | 'pending' | 'spam';
      }) => {
        await withContext(async (ctx) => {
          const target = await requireBlog(ctx, opts.blog);
          const postId = await findPostId(ctx, target.id, opts.post);
          const comment = await ctx.services.comments.addComment({
            blogId: target.id,
            postId,
            parentId: opts.replyTo ?? null,
            authorName: opts.name,
            authorUrl: opts.url,
            body: opts.body,
            status: opts.status,
          });
          console.log(`created comment ${comment.id} (${comment.status}) on post ${postId}`);
        });
      },
    );
}

/** A post's ID from an ID or a `/YYYY/MM/slug.html` or `/p/slug.html` path. */
async function findPostId(ctx: CommandContext, blogId: string, ref: string): Promise<string> {
  const posts = ctx.services.repositories.posts;
  const byPath = /^\/(\d{4})\/(\d{2})\/([^/]+)\.html$/.exec(ref);
  const byPage = /^\/p\/([^/]+)\.html$/.exec(ref);
  const post = byPath
    ? await posts.findLivePost(blogId, Number(byPath[1]), Number(byPath[2]), decodeURIComponent(byPath[3]!))
    : byPage
      ? await posts.findLivePage(blogId, decodeURIComponent(byPage[1]!))
      : await posts.findById(blogId, ref);
  if (!post) throw new CommandError(`--post: no post "${ref}" on this blog`);
  return post.id;
}
