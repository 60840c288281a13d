import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, newContext, settle, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

describe('the web app shows only the libraries Plex shares with the user', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    context = await newContext(browser, stack);
    // erin was given only "Movies" on plex.tv.
    await signInWithPlexApi(context, stack, stack.moviesOnly);
    page = await context.newPage();
  });
  afterAll(async () => {
    const errors = context ? errorsOf(context) : [];
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  it('lists only the shared library', async () => {
    await page.goto('/library');
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    const libraries = page.getByRole('region', { name: 'Libraries' });
    await libraries.getByRole('link', { name: /^Movies/ }).waitFor();
    await settle(page);
    expect(await libraries.getByRole('link', { name: /^TV Shows/ }).count()).toBe(0);
    expect(await libraries.getByRole('link', { name: /^Music/ }).count()).toBe(0);
  });

  it('shows a title of an unshared library as not found, like one that does not exist', async () => {
    const show = stack.pms.findByTitle('Game of Thrones')!;
    await page.goto(`/item/${show.ratingKey}`);
    await page.getByText('Not found', { exact: true }).waitFor();
    await page.goto('/library/2');
    await page.getByText('Not found', { exact: true }).waitFor();
    // A shared title opens as usual.
    await page.goto(`/item/${stack.pms.findByTitle('The Matrix')!.ratingKey}`);
    await page.getByRole('heading', { name: 'The Matrix', level: 1 }).waitFor();
  });

  it('finds only shared titles in search', async () => {
    await page.goto('/discover?q=Game%20of%20Thrones');
    await settle(page);
    expect(await page.getByRole('region', { name: 'Already on the server' }).count()).toBe(0);
    await page.goto('/discover?q=The%20Matrix');
    await page.getByRole('region', { name: 'Already on the server' }).getByText('The Matrix').waitFor();
  });
});
