/** `dastan views rollup [--keep-days N]`: rolls daily view counts older than N days up into monthly ones. */
import type { Command } from 'commander';
import { DEFAULT_KEEP_DAYS, MIN_KEEP_DAYS } from '../../domain/stats/view-rollup.js';
import { CommandError, withContext } from '../context.js';

export function registerViewsCommand(program: Command): void {
  const views = program.command('views').description('page-view counts');
  views
    .command('rollup')
    .description('roll daily view counts of whole months older than --keep-days up into monthly counts (the server also does this daily)')
    .option('--keep-days <days>', `days kept as daily counts, at least ${MIN_KEEP_DAYS}`, String(DEFAULT_KEEP_DAYS))
    .action(async (opts: { keepDays: string }) => {
      if (!/^\d{1,5}$/.test(opts.keepDays) || Number(opts.keepDays) < MIN_KEEP_DAYS)
        throw new CommandError(`--keep-days: must be a whole number of days from ${MIN_KEEP_DAYS} (got "${opts.keepDays}")`);
      await withContext(async (ctx) => {
        const result = await ctx.services.viewRollup.run(Number(opts.keepDays));
        console.log(
          result.months.length === 0
            ? 'nothing to roll up'
            : `rolled up ${result.rows} daily rows into ${result.months.length} month${result.months.length === 1 ? '' : 's'}: ${result.months.join(', ')}`,
        );
      });
    });
}
