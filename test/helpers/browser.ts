/**
 * Real-browser tests: Debian's Chromium driven by playwright-core (no downloaded browser), an app served
 * on a real port, and axe-core run inside the page. Blogs are picked by Host, so pages are opened at
 * `http://NAME.example.test:PORT/`; Chromium's resolver maps every `*.example.test` to 127.0.0.1.
 * Without /usr/bin/chromium the browser tests are skipped with one clear line.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestDatabase } from './databases.js';
import { hostOf, startTestApp, type TestApp } from './app.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

export const CHROMIUM_PATH = CHROMIUM;

/** Why the browser tests are skipped, or false when Chromium is there. */
export const browserSkip: string | false = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH}`;
if (browserSkip) console.log(`skipped: ${browserSkip}`);

/**
 * Starts headless Chromium with the shared flags (helpers/chromium.ts). `launch` gives every browser a fresh, empty profile (a new temporary --user-data-dir that Playwright
 * removes on close), so no state leaks between runs; contexts made from it are fresh as well.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
  });
}

export interface ServedApp extends TestApp {
  port: number;
  /** `http://NAME.example.test:PORT`, the address of a blog in the browser. */
  originOf(blogName: string): string;
}

/** The test app of helpers/app.ts, listening on a free port of 127.0.0.1. */
export async function serveTestApp(database: TestDatabase, options?: Parameters<typeof startTestApp>[1]): Promise<ServedApp> {
  const t = await startTestApp(database, options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as AddressInfo).port;
  return { ...t, port, originOf: (blogName) => `http://${hostOf(blogName)}:${port}` };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

const AXE_SCRIPT = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');

/**
 * Runs axe-core's default rules (WCAG 2 A and AA, best practices) on the page and returns the
 * violations. The page's context needs `bypassCSP`: the blog's CSP rightly refuses injected script.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async () => {
    type Axe = { run(options: object): Promise<{ violations: AxeViolation[] }> };
    const axe = (globalThis as unknown as { axe: Axe }).axe;
    // Only violations get full details: collecting every passing node doubles the time.
    const { violations } = await axe.run({ resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

/** One line per violation and element, for assertion messages. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? '?'}): ${v.help} at ${n.target.join(' ')}\n    ${n.failureSummary ?? ''}`))
    .join('\n');
}
