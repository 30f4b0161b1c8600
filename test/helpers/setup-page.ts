/** The first-run set-up form, filled in real Chromium as a new owner would: one place for every browser test. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * Opens the blog's address, is sent to set-up, creates Olive's account and the blog "www", and waits to
 * leave set-up. `choices` picks the blog's language and time zone from the form's lists (a BCP 47 tag and
 * an IANA zone, the options' values); without them the form's own choices stay.
 */
export async function setUpInBrowser(
  page: Page,
  origin: string,
  password: string,
  choices: { language?: string; timeZone?: string } = {},
): Promise<void> {
  await page.goto(`${origin}/`);
  assert.match(page.url(), /\/admin\/setup$/);
  await page.getByLabel('E-mail address').fill('owner@example.com');
  await page.getByLabel('Your name').fill('Olive');
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Title').fill('Olive’s notes');
  await page.getByLabel('Name', { exact: false }).last().fill('www');
  if (choices.language) await page.getByRole('combobox', { name: /^Language/ }).selectOption(choices.language);
  if (choices.timeZone) await page.getByRole('combobox', { name: /^Time zone/ }).selectOption(choices.timeZone);
  await page.getByRole('button', { name: 'Create my account and blog' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/setup'));
}
