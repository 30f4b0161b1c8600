/** `dastan setup`: the first-run set-up without a browser; the password comes from standard input. */
import type { Command } from 'commander';
import { CommandError, withContext } from '../context.js';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password for the owner (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password) throw new CommandError('no password on standard input (try: echo "$PASSWORD" | dastan setup …)');
  return password;
}

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .description('create the owner account and the first blog on an empty database (password from standard input)')
    .requiredOption('--email <email>', "the owner's e-mail address")
    .requiredOption('--blog <name>', "the first blog's name: lower-case letters, digits and hyphens")
    .requiredOption('--title <title>', "the first blog's title")
    .option('--name <name>', "the owner's display name")
    .action(async (opts: { email: string; blog: string; title: string; name?: string }) => {
      const password = await readPassword();
      await withContext(async (ctx) => {
        if (!(await ctx.services.setup.isOpen())) throw new CommandError('this server is already set up (sign in at /admin instead)');
        const { user, blog } = await ctx.services.setup.setUp({
          email: opts.email,
          password,
          displayName: opts.name,
          blogName: opts.blog,
          blogTitle: opts.title,
        });
        console.log(
          `set up: owner ${user.email}, blog ${blog.name} (http://${blog.name}.${ctx.config.baseDomain}:${ctx.config.port}/); sign in at /admin`,
        );
      });
    });
}
