/**
 * `dastan spam train --blog NAME`: teaches the blog's spam classifier from the comments it holds — live
 * ones as not spam, spam as spam. For imported comments; safe to run again.
 */
import type { Command } from 'commander';
import { requireBlog, withContext } from '../context.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function registerSpamCommand(program: Command): void {
  const spam = program.command('spam').description("the blogs' spam classifiers");
  spam
    .command('train')
    .description('teach a blog’s spam classifier from its stored comments (live = not spam, spam = spam)')
    .requiredOption('--blog <name>', 'the blog whose classifier learns')
    .action(async (opts: { blog: string }) => {
      await withContext(async (ctx) => {
        const blog = await requireBlog(ctx, opts.blog);
        const report = await ctx.services.spamClassifier.trainBlog(blog.id);
        console.log(
          `trained ${blog.name}: learned ${plural(report.learned, 'comment')} of ${report.considered} live or spam; ` +
            `the classifier now knows ${report.spam} spam and ${report.ham} not spam` +
            (report.pruned > 0 ? ` (${plural(report.pruned, 'rare token')} pruned)` : ''),
        );
      });
    });
}
