/** `dastan import FILE --blog NAME`: brings a Blogger, WordPress or Ghost export into a blog, and prints the report. */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { formatReport } from '../../importers/import-report.js';
import { ImportRefusedError } from '../../importers/import-errors.js';
import type { ImportProgress } from '../../importers/import.service.js';
import { CommandError, requireBlog, withContext } from '../context.js';
import { startProgress, type Progress } from '../progress.js';

/** Files smaller than this import in a moment: no progress bar. */
const QUIET_BELOW_BYTES = 1024 * 1024;

function fileSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const PHASE_LABELS: Record<ImportProgress['phase'], string> = {
  checking: 'checking the file (bytes)',
  writing: 'importing entries',
  media: 'downloading images',
};

/** Collects a repeated option's values. */
const collect = (value: string, previous: string[]) => [...previous, value];

/** Bars in turn: the file being checked (bytes), then its entries being stored. */
function importProgress(show: boolean): { update(p: ImportProgress): void; stop(): void } {
  let bar: Progress | undefined;
  let phase: ImportProgress['phase'] | undefined;
  return {
    update(p) {
      if (!show) return;
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = startProgress(PHASE_LABELS[p.phase], p.total);
      }
      bar!.update(p.done, p.total);
    },
    stop: () => bar?.stop(),
  };
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a Blogger backup, a WordPress export (WXR), a Ghost export or a Dastan export into a blog')
    .argument('<file>', 'the export file (its format is recognised from its content)')
    .requiredOption('--blog <name>', 'the blog to import into')
    .option('--no-settings', "keep the blog's own title, description and (from a Dastan export) its other settings")
    .option('--partial', 'import a Blogger or WordPress file that looks cut after a complete entry (it is refused otherwise)')
    .option(
      '--update',
      'bring the posts and comments the blog already holds from this blog up to date from the file (by their original IDs), and add the new ones',
    )
    .option('--strict', 'fail the import (storing nothing) if any entry of the file would be left out')
    .option('--dry-run', 'only read and check the file, and report what it holds')
    .option('--media', 'download the images the posts show (from Blogger, WordPress or Ghost) and point the posts at the copies')
    .option(
      '--media-allow-address <ip>',
      'with --media: also fetch from this private or local address (repeatable; by default they are refused)',
      collect,
      [],
    )
    .action(
      async (
        file: string,
        opts: {
          blog: string;
          settings: boolean;
          partial?: boolean;
          strict?: boolean;
          update?: boolean;
          dryRun?: boolean;
          media?: boolean;
          mediaAllowAddress: string[];
        },
      ) => {
        await withContext(async (ctx) => {
          const blog = await requireBlog(ctx, opts.blog);
          const progress = importProgress(fileSize(file) >= QUIET_BELOW_BYTES);
          try {
            const report = await ctx.services.importer.importFile(file, {
              blogId: blog.id,
              applySettings: opts.settings,
              partial: opts.partial,
              strict: opts.strict,
              update: opts.update,
              dryRun: opts.dryRun,
              media: opts.media,
              mediaLimits: opts.mediaAllowAddress.length ? { allowAddresses: opts.mediaAllowAddress } : undefined,
              onProgress: (p) => progress.update(p),
            });
            progress.stop();
            console.log(formatReport(report).join('\n'));
          } catch (error) {
            progress.stop();
            if (error instanceof ImportRefusedError) throw new CommandError(`cannot import ${file}: ${error.message}`);
            throw error;
          }
        });
      },
    );
}
