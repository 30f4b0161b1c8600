/** The first-run set-up form, filled in real Chromium as a new owner would: one place for every browser test. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/** Opens the blog's address, is sent to set-up, creates Olive's account and the blog "www", and waits to leave set-up. */
export async function setUpInBrowser(page: Page, origin: string, password: string): Promise<void> {
  await page.goto(`${origin}/`);
  assert.match(page.url(), /\/admin\/setup$/);
  await page.getByLabel('E-mail address').fill('owner@example.com');
  await page.getByLabel('Your name').fill('Olive');
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Title').fill('Olive’s notes');
  await page.getByLabel('Name', { exact: false }).last().fill('www');
  await page.getByRole('button', { name: 'Create my account and blog' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/setup'));
}
