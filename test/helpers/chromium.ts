/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core, with a fresh
 * profile each time and nothing fetched from the network. Without Chromium, the tests are skipped with a
 * clear line. The browser resolves every `*.example.test` host to the test server on 127.0.0.1.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Flags for a headless Chromium that reaches nothing outside: no sync, updates, QUIC or background
 * fetches; every `*.example.test` host (the tests' blogs) resolves to the test server on 127.0.0.1.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-proxy-server',
  '--host-resolver-rules=MAP *.example.test 127.0.0.1, MAP example.test 127.0.0.1',
];
export const chromiumSkip: string | false = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;
if (chromiumSkip) console.log(`skipped: browser tests (${chromiumSkip}; install Debian's chromium package)`);

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openBrowser(options: { bypassCSP?: boolean; javaScriptEnabled?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(tmpdir(), 'dastan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    bypassCSP: options.bypassCSP ?? false,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    args: [...CHROMIUM_ARGS],
  });
  return {
    context,
    async close() {
      await context.close();
      removeProfile(profile);
    },
  };
}

/**
 * Removes a Chromium profile folder. A helper process that outlives the browser by a moment can still
 * write a file into it while it is being removed (ENOTEMPTY): the removal retries for up to a second.
 */
export function removeProfile(profile: string): void {
  rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
}
