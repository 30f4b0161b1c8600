/** `dastan serve` and `dastan migrate`. */
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { asStartError, migrateToLatest } from '../../storage/migrator.js';
import { openStorage } from '../../storage/database.js';
import { enterIdleMode } from '../../server/idle-mode.js';

export function registerServerCommands(program: Command): void {
  program
    .command('serve')
    .description('run the web server (PORT, HOST, DATABASE_URL, … from the environment)')
    .action(async () => {
      // Before the server's code is loaded, which is the first part of start-up's burst.
      enterIdleMode();
      // Loaded here: the other commands (and --help) need none of the web server.
      const { startServer } = await import('../../main.js');
      await startServer(loadConfig());
    });

  program
    .command('migrate')
    .description('bring the database schema up to date')
    .action(async () => {
      const config = loadConfig();
      const storage = openStorage(config.databaseUrl);
      try {
        const applied = await migrateToLatest(storage).catch((error: unknown) => {
          throw asStartError(config.databaseUrl, error);
        });
        console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'the database is up to date');
      } finally {
        await storage.close();
      }
    });
}
