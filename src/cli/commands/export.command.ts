/** `dastan export --blog NAME --format blogger|wxr|json [--out FILE]`: writes a blog out, to a file or standard output. */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../exporters/export.service.js';
import { CommandError, requireBlog, withContext } from '../context.js';
import { startProgress } from '../progress.js';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export a blog as a Blogger backup, a WordPress WXR file or Dastan JSON')
    .requiredOption('--blog <name>', 'the blog to export')
    .addOption(new Option('--format <format>', 'the format').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (opts: { blog: string; format: ExportFormat; out?: string }) => {
      await withContext(async (ctx) => {
        const blog = await requireBlog(ctx, opts.blog);
        if (!opts.out) {
          try {
            await ctx.services.exporter.export(process.stdout, { blogId: blog.id, format: opts.format });
          } catch (error) {
            // The reader went away (`dastan export … | head`): not a failure of the export.
            if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
          }
          return;
        }
        // Written beside the target and renamed at the end: a failed export never leaves half a file.
        const partial = `${opts.out}.partial`;
        const out = createWriteStream(partial);
        const bar = startProgress(`exporting ${blog.name}`, 0);
        try {
          const result = await ctx.services.exporter.export(out, {
            blogId: blog.id,
            format: opts.format,
            onProgress: (done, total) => bar.update(done, total),
          });
          out.end();
          await finished(out);
          renameSync(partial, opts.out);
          bar.stop();
          console.error(
            `exported ${blog.name}: ${result.posts} posts and pages, ${result.comments} comment${result.comments === 1 ? '' : 's'} → ${opts.out}`,
          );
        } catch (error) {
          bar.stop();
          out.destroy();
          rmSync(partial, { force: true });
          const code = (error as NodeJS.ErrnoException).code;
          if (code) throw new CommandError(`--out: cannot write ${opts.out}: ${code}`);
          throw error;
        }
      });
    });
}
