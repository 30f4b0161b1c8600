/**
 * The `dastan` command line. Each command has --help; a failure prints one line and exits non-zero.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { AppError } from '../domain/errors.js';
import { CommandError } from './context.js';
import { StorageStartError } from '../storage/storage-errors.js';
import { registerContentCommands } from './commands/content.command.js';
import { registerServerCommands } from './commands/server.command.js';
import { registerExtraCommands } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('dastan')
    .description('Dastan: a self-hosted, multi-blog publishing platform')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServerCommands(program);
  registerContentCommands(program);
  registerExtraCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the command line; resolves to the exit status. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const known =
      error instanceof CommandError || error instanceof ConfigError || error instanceof AppError || error instanceof StorageStartError;
    const message = known ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
    process.stderr.write(`dastan: ${message.split('\n')[0]}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/cli/main.ts')) {
  const status = await runCli(process.argv.slice(2));
  if (status !== 0 || !['serve', 'demo'].includes(process.argv[2] ?? '')) process.exitCode = status;
}
