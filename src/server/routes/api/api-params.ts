/**
 * The API's query parameters as zod schemas: Blogger's names, booleans as `true`/`false`, repeated or
 * comma-joined lists, and a 400 naming the parameter for anything else.
 */
import * as z from 'zod';
import { InvalidInputError } from '../../../domain/errors.js';

export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true'));

/** A list sent as repeated parameters (`status=live&status=draft`) or joined by commas. */
export const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? undefined
        : [v]
            .flat()
            .flatMap((s) => s.split(','))
            .map((s) => s.trim().toLowerCase())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(values.map((v) => v.toLowerCase()) as [string, ...string[]])).optional())
    .transform((v) => v as T[] | undefined);

export const dateTime = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ms = Date.parse(v);
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'must be a date-time like 2026-12-03T10:00:00Z' });
      return z.NEVER;
    }
    return ms;
  });

export const maxResults = (fallback: number, most: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/)
    .optional()
    .transform((v) => Math.min(most, Math.max(1, v === undefined ? fallback : Number(v))));

export const view = z
  .enum(['READER', 'AUTHOR', 'ADMIN', 'VIEW_TYPE_UNSPECIFIED'])
  .optional()
  .transform((v) => (v === 'VIEW_TYPE_UNSPECIFIED' ? undefined : v));

/** Parses `value` or throws a 400 naming the first bad parameter. */
export function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0] ?? 'request');
  throw new InvalidInputError(`Invalid value for ${name}: ${issue.message}.`, name);
}
