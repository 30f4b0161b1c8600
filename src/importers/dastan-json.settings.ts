/**
 * The `settings` part of a Dastan JSON export, checked for shape: options, comment settings and the
 * theme. Ranges, colours, robots directives, embed providers and templates are checked again where they
 * are applied, by the same rules as the dashboard's forms (import/settings-applier.ts).
 */
import * as z from 'zod';
import type { DastanExportSettings } from './dastan-json.format.js';

const text = z.string().max(200_000);
const whole = z.number().int();

const settingsSchema = z.object({
  options: z.object({
    postsPerPage: whole,
    popularWindow: z.enum(['7d', '30d', 'all']),
    popularCount: whole,
    snippetLength: whole,
    labelsStyle: z.enum(['list', 'cloud']),
    searchDescriptionEnabled: z.boolean(),
    robotsTxt: text.nullable(),
    robotsTags: z.record(z.string(), z.array(z.string())).nullable(),
    embedProviders: z.array(z.string().max(2000)).max(100),
    viewBeacon: z.boolean(),
  }),
  comments: z.object({
    access: z.enum(['anyone', 'users', 'members']),
    moderation: z.enum(['always', 'older', 'never']),
    moderationDays: whole,
    closeDays: whole.nullable(),
    depth: whole,
    holdWords: z.array(z.string().max(200)).max(1000),
    rejectWords: z.array(z.string().max(200)).max(1000),
    maxLinks: whole.nullable(),
    notifyModerators: z.boolean(),
    notifyAuthors: z.boolean(),
    proofOfWork: z.boolean(),
  }),
  theme: z.object({
    name: z.string().max(100),
    settings: z.record(z.string(), z.union([z.string(), z.number()])),
    files: z.record(z.string().max(100), text),
  }),
});

/** The settings, or a reason they cannot be read. */
export function readExportSettings(value: unknown): { settings: DastanExportSettings } | { problem: string } {
  const parsed = settingsSchema.safeParse(value);
  if (parsed.success) return { settings: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { problem: `settings.${issue.path.join('.')}: ${issue.message}` };
}
