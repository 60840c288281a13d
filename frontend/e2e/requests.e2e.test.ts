import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, newContext, settle, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

/** The search result card of a title on the Discover page. */
function resultCard(page: Page, title: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${title} \\(\\d{4}\\)$`) }) });
}

function requestRow(page: Page, title: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('link', { name: new RegExp(`^${title}`) }) });
}

async function search(page: Page, q: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search movies and shows' });
  await box.fill(q);
  await box.press('Enter');
  await page.getByRole('heading', { name: `Results for "${q}"`, level: 1 }).waitFor();
  await settle(page);
}

describe('requesting a title and watching it become available', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const friend = () => stack.friends[2]!;

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

  it('searches from the global search box and shows availability badges', async () => {
    await search(page, 'Matrix');
    expect(new URL(page.url()).pathname).toBe('/discover');
    await page.getByRole('region', { name: 'Already on the server' }).getByText('The Matrix', { exact: true }).waitFor();
    await resultCard(page, 'The Matrix').getByText('Available', { exact: true }).waitFor();
    await resultCard(page, 'The Matrix Reloaded').getByText('Not requested', { exact: true }).waitFor();
    // Nothing to request for a title that is already there.
    expect(await resultCard(page, 'The Matrix').getByRole('button').count()).toBe(0);

    await search(page, 'Inception');
    await resultCard(page, 'Inception').getByText('Requested', { exact: true }).waitFor();
  });

  it('requests a movie after confirming in a dialog', async () => {
    await search(page, 'Matrix');
    await page.getByRole('button', { name: 'Request: The Matrix Reloaded (2003)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request The Matrix Reloaded (2003)?' });
    await dialog.waitFor();
    await dialog.getByText('It will be added to the server once approved.').waitFor();

    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(stack.overseerr.requestRows.size).toBe(0);

    await page.getByRole('button', { name: 'Request: The Matrix Reloaded (2003)' }).click();
    await dialog.getByRole('button', { name: 'Request movie' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Requested The Matrix Reloaded').waitFor();
    await resultCard(page, 'The Matrix Reloaded').getByText('Requested', { exact: true }).waitFor();
    await resultCard(page, 'The Matrix Reloaded').getByRole('link', { name: 'View request' }).waitFor();

    const sent = [...stack.overseerr.requestRows.values()];
    expect(sent).toHaveLength(1);
    expect(stack.overseerr.users.get(sent[0]!.requestedById)?.plexUsername).toBe(friend().username);
  });

  it('requests chosen seasons of a show', async () => {
    await search(page, 'Breaking');
    await page.getByRole('button', { name: 'Request: Breaking Bad (2008)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Request Breaking Bad (2008)?' });
    await dialog.getByText('Choose which seasons you want.').waitFor();
    await dialog.getByLabel('Only the seasons I choose').check();
    await dialog.getByText('Pick at least one season.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Request seasons' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Season 1', { exact: true }).check({ force: true });
    await dialog.getByLabel('Season 2', { exact: true }).check({ force: true });
    await dialog.getByRole('button', { name: 'Request seasons' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText('Requested Breaking Bad').waitFor();

    const show = [...stack.overseerr.requestRows.values()].find((r) => stack.overseerr.media.get(r.mediaId)?.tmdbId === 1396);
    expect(show?.seasons.map((s) => s.seasonNumber)).toEqual([1, 2]);
  });

  it('lists both in My requests as pending approval', async () => {
    await page.getByRole('link', { name: 'My requests' }).click();
    await page.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    await page.getByText('2 requests').waitFor();
    await requestRow(page, 'The Matrix Reloaded').getByText('Pending approval').waitFor();
    await requestRow(page, 'Breaking Bad').getByText('Pending approval').waitFor();
    await requestRow(page, 'Breaking Bad').getByText(/Show · Seasons 1, 2/).waitFor();
  });

  it('turns the request "available" live when Overseerr says so, and counts an unread notification', async () => {
    const bell = page.getByRole('button', { name: /^Notifications/ });
    expect(await bell.getAttribute('aria-label')).toBe('Notifications');
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));

    const row = [...stack.overseerr.requestRows.values()].find((r) => stack.overseerr.media.get(r.mediaId)?.tmdbId === 604)!;
    expect(await stack.webhook('MEDIA_APPROVED', row.id)).toBe(204);
    // Approved in Overseerr, and the download started (media PROCESSING).
    await requestRow(page, 'The Matrix Reloaded').getByText('Downloading', { exact: true }).waitFor();
    expect(await stack.webhook('MEDIA_AVAILABLE', row.id)).toBe(204);
    await requestRow(page, 'The Matrix Reloaded').getByText('Available', { exact: true }).waitFor();
    await requestRow(page, 'Breaking Bad').getByText('Pending approval').waitFor();

    // No reload happened: the same document got the update over Socket.IO.
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect.poll(() => bell.getAttribute('aria-label')).toMatch(/^Notifications, [12] unread$/);
    const unread = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1]);
    await expect.poll(() => page.getByTestId('unread-badge').textContent()).toBe(String(unread));
  });

  it('marks notifications read from the bell', async () => {
    const bell = page.getByRole('button', { name: /^Notifications/ });
    const before = Number(/(\d+) unread/.exec((await bell.getAttribute('aria-label'))!)![1]);
    await bell.click();
    const panel = page.getByRole('region', { name: 'Latest notifications' });
    await panel.waitFor();
    const available = panel.getByRole('listitem').filter({ hasText: /available/i }).first();
    await available.waitFor();
    await available.getByRole('button', { name: /^Mark read:/ }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe(before > 1 ? `Notifications, ${before - 1} unread` : 'Notifications');

    if (before > 1) {
      await panel.getByRole('button', { name: 'Mark all read' }).click();
      await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications');
    }
    expect(await page.getByTestId('unread-badge').count()).toBe(0);
    await panel.getByRole('link', { name: 'See all notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await page.getByText('Updates about your requests and this server.').waitFor();
    expect(await page.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);
  });

  it('cancels a pending request after confirmation', async () => {
    await page.getByRole('link', { name: 'My requests' }).click();
    await page.getByRole('button', { name: 'Cancel request for Breaking Bad' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this request?' });
    await dialog.getByText('Breaking Bad will not be added unless someone requests it again.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel request' }).click();
    await page.getByText('Request cancelled').waitFor();
    await page.getByText('1 request', { exact: true }).waitFor();
    expect(await requestRow(page, 'Breaking Bad').count()).toBe(0);
    // An available title has nothing left to cancel.
    expect(await page.getByRole('button', { name: 'Cancel request for The Matrix Reloaded' }).count()).toBe(0);
  });

  it('shows the request history on its own page', async () => {
    await page.getByRole('link', { name: 'My requests' }).click();
    await page.getByRole('link', { name: /^The Matrix Reloaded/ }).click();
    await page.getByRole('heading', { name: /The Matrix Reloaded/, level: 1 }).waitFor();
    const history = page.getByRole('region', { name: 'Status history' }).locator('li > p:first-of-type');
    await expect.poll(() => history.allTextContents()).toEqual([
      'Available',
      'Downloading',
      'Pending approval',
    ]);
  });
});
