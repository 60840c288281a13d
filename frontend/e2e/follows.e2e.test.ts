import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, newContext, settle, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

describe('following a title someone else requested', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const friend = () => stack.friends[1]!;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    context = await newContext(browser, stack);
    await signInWithPlexApi(context, stack, friend());
    page = await context.newPage();
    await page.goto('/');
    await page.getByRole('heading', { name: new RegExp(`, ${friend().username}$`) }).waitFor();
  });
  afterAll(async () => {
    const errors = context ? errorsOf(context) : [];
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  it('follows from a search result, lists it, and is told live when it becomes available; the notification leads to the title', async () => {
    const box = page.getByRole('searchbox', { name: 'Search movies and shows' });
    await box.fill('Inception');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Results for "Inception"', level: 1 }).waitFor();
    await settle(page);
    await page.getByRole('button', { name: 'Notify me when Inception (2010) is available' }).click();
    await page.getByRole('button', { name: 'Following Inception (2010)' }).waitFor();

    await page.goto('/following');
    await page.getByRole('heading', { name: 'Following', level: 1 }).waitFor();
    await page.getByText('Inception (2010)', { exact: true }).waitFor();

    // Someone requested it in Overseerr itself; Overseerr reports it available.
    const created = await fetch(`${stack.overseerr.url}/api/v1/request`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.overseerr.apiKey },
      body: JSON.stringify({ mediaType: 'movie', mediaId: 27205 }),
    });
    const { id } = (await created.json()) as { id: number };
    expect(await stack.webhook('MEDIA_AVAILABLE', id)).toBe(204);
    expect(await stack.webhook('MEDIA_AVAILABLE', id)).toBe(204);

    const bell = page.getByRole('button', { name: /^Notifications/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await page.goto('/notifications');
    await page.getByRole('link', { name: 'Inception is available' }).click();
    await page.waitForURL(/\/discover\?q=Inception$/);
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
  });
});
