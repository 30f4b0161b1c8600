/**
 * What every command needs: configuration, an open and migrated database, the services; and a uniform
 * way to fail with one line and a non-zero exit.
 */
import { loadConfig, type Config } from '../config.js';
import { openMigratedStorage } from '../storage/migrator.js';
import { createServices, type Services } from '../services.js';
import { SmtpMailer } from '../domain/accounts/mailer.js';

export interface CommandContext {
  config: Config;
  services: Services;
  close(): Promise<void>;
}

/** Thrown by a command to stop with a one-line reason and exit status 1. */
export class CommandError extends Error {}

/** Loads config, opens and migrates the database, builds the services. */
export async function openContext(env: Record<string, string | undefined> = process.env): Promise<CommandContext> {
  const config = loadConfig(env);
  const storage = await openMigratedStorage(config.databaseUrl);
  const services = createServices(storage, config, Date.now, {
    mailer: config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.mailFrom) : undefined,
  });
  return {
    config,
    services,
    async close() {
      await services.viewCounter.stop();
      await storage.close();
    },
  };
}

/** Runs `work` with an open context, always closing it. */
export async function withContext<T>(work: (ctx: CommandContext) => Promise<T>): Promise<T> {
  const ctx = await openContext();
  try {
    return await work(ctx);
  } finally {
    await ctx.close();
  }
}

/** Finds a blog by name or stops the command with a clear reason. */
export async function requireBlog(ctx: CommandContext, name: string) {
  const blog = await ctx.services.repositories.blogs.findByName(String(name).toLowerCase());
  if (!blog) throw new CommandError(`no blog named "${name}" (see: dastan blog list)`);
  return blog;
}
