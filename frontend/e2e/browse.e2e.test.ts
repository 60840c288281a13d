import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, newContext, settle, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

/** Titles of the poster grid labelled `label`, in order. */
async function gridTitles(page: Page, label: string): Promise<string[]> {
  return page.getByRole('list', { name: label, exact: true }).locator('li p[title]').allTextContents();
}

async function gridYears(page: Page, label: string): Promise<number[]> {
  const subtitles = await page.getByRole('list', { name: label, exact: true }).locator('li p[title] + p').allTextContents();
  return subtitles.map(Number);
}

describe('browsing the library (and the dashboard\'s service status)', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    context = await newContext(browser, stack);
    await signInWithPlexApi(context, stack, stack.friends[1]!);
    page = await context.newPage();
  });
  afterAll(async () => {
    const errors = context ? errorsOf(context) : [];
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  it('lists the libraries and collections of the Plex server', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Library', exact: true }).click();
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    const libraries = page.getByRole('region', { name: 'Libraries' });
    for (const title of ['Movies', 'TV Shows', 'Music']) await libraries.getByRole('link', { name: new RegExp(`^${title}`) }).waitFor();
    await page.getByRole('list', { name: 'Collections' }).getByText('The Matrix Collection').waitFor();
  });

  it('pages and sorts the poster grid of a library', async () => {
    await page.getByRole('link', { name: /^Movies/ }).click();
    await page.getByRole('heading', { name: 'Movies', level: 1 }).waitFor();
    await page.getByText('60 titles').waitFor();
    await settle(page);

    // Title order ignores leading articles, as Plex does.
    const movies = stack.pms.library.sectionItems('1', 'movie').map((m) => ({ title: m.title, sort: m.titleSort.toLowerCase() }));
    const byTitle = movies.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0)).map((m) => m.title);
    expect(await gridTitles(page, 'Movies')).toEqual(byTitle.slice(0, 30));
    await page.getByText('Page 1 of 2').waitFor();

    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByText('Page 2 of 2').waitFor();
    await expect.poll(() => gridTitles(page, 'Movies')).toEqual(byTitle.slice(30, 60));
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);

    await page.getByLabel('Sort by').selectOption('year');
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('year');
    await page.getByText('Page 1 of 2').waitFor();
    await settle(page);
    const years = await gridYears(page, 'Movies');
    expect(years).toHaveLength(30);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('loads posters through signed image URLs', async () => {
    const poster = page.getByRole('list', { name: 'Movies', exact: true }).locator('img').first();
    await poster.waitFor();
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const src = new URL((await poster.getAttribute('src'))!, stack.url);
    expect(src.origin).toBe(stack.url);
    expect(src.pathname).toBe('/api/v1/plex/image');
    expect(src.search).not.toContain(stack.pms.token);
    // The signature is the authorization: an altered URL is refused.
    const tampered = new URL(src);
    tampered.searchParams.set('path', '/library/metadata/1/thumb/0');
    expect((await context.request.get(tampered.toString())).status()).toBe(403);
  });

  it('opens a show with its seasons, and a season with its episodes', async () => {
    await page.goto('/library');
    await page.getByRole('link', { name: /^TV Shows/ }).click();
    await page.getByRole('heading', { name: 'TV Shows', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Game of Thrones/ }).click();
    await page.getByRole('heading', { name: 'Game of Thrones', level: 1 }).waitFor();
    await page.getByText('Seven noble families fight for control of the mythical land of Westeros.').waitFor();
    // "Watch on Plex" opens the show in Plex's web app on this server.
    const got = stack.pms.library.sectionItems('2', 'show').find((i) => i.title === 'Game of Thrones')!;
    expect(await page.getByRole('link', { name: 'Watch on Plex' }).getAttribute('href')).toBe(
      `https://app.plex.tv/desktop#!/server/${stack.pms.machineIdentifier}/details?key=%2Flibrary%2Fmetadata%2F${got.ratingKey}`,
    );
    const seasons = page.getByRole('region', { name: 'Seasons' });
    await seasons.getByRole('link', { name: 'Season 2' }).waitFor();
    await seasons.getByRole('link', { name: 'Season 1' }).click();

    await page.getByRole('heading', { name: 'Season 1', level: 1 }).waitFor();
    const episodes = page.getByRole('region', { name: 'Episodes' }).getByRole('link');
    await expect.poll(() => episodes.allTextContents()).toEqual(
      ['Episode 1', 'Episode 2', 'Episode 3', 'Episode 4'].map((title, i) => expect.stringContaining(`${i + 1}${title}`)),
    );
    await episodes.first().click();
    await page.getByRole('heading', { name: 'Episode 1', level: 1 }).waitFor();
    await page.getByText('Season 1, episode 1 of Game of Thrones.').waitFor();

    // Back returns to the season.
    await page.getByRole('button', { name: '← Back' }).click();
    await page.getByRole('heading', { name: 'Season 1', level: 1 }).waitFor();
  });

  it('opens a collection and one of its titles', async () => {
    await page.goto('/library');
    await page.getByRole('list', { name: 'Collections' }).getByRole('link', { name: /The Matrix Collection/ }).click();
    await page.getByRole('heading', { name: 'The Matrix Collection', level: 1 }).waitFor();
    const collection = [...stack.pms.library.collections.values()].find((c) => c.title === 'The Matrix Collection')!;
    await page.getByText(`${collection.itemRatingKeys.length} titles`).waitFor();
    await page.getByRole('link', { name: /^The Matrix/ }).first().click();
    await page.getByRole('heading', { name: 'The Matrix', level: 1 }).waitFor();
    await page.getByText('1999').first().waitFor();
    const poster = page.getByRole('img', { name: 'Poster of The Matrix' });
    await expect.poll(() => poster.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  });

  it('says in plain words when Plex is down (no blank screen), and recovers with Try again', async () => {
    const episode = stack.pms.library.sectionItems('2', 'episode').at(-1)!;
    await stack.pms.setMode('down');
    try {
      await page.goto(`/item/${episode.ratingKey}`);
      const alert = page.getByRole('main').getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain("Plex isn't answering");
      expect(await alert.textContent()).toContain('Try again in a few minutes.');
      // The rest of the app stays usable.
      await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Library' }).waitFor();
    } finally {
      await stack.pms.setMode('up');
    }
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: episode.title, level: 1 }).waitFor();
  });

  it('finds titles already on the server from the library search', async () => {
    await page.goto('/library');
    await page.getByLabel('Search titles on the server').fill('Matrix');
    await page.getByLabel('Search titles on the server').press('Enter');
    await page.getByRole('list', { name: 'Library results for Matrix' }).getByText('The Matrix', { exact: true }).waitFor();
  });

  it('turns a tile red live when a service goes down, and green when it is back', async () => {
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('region', { name: 'Service status' }).getByRole('button', { name: 'Service details' }).click();
    const tile = page.getByRole('region', { name: 'Service status' }).getByRole('button', { name: /^Overseerr/ });
    await expect.poll(() => tile.textContent()).toMatch(/Overseerr\s*Up/);
    await stack.overseerr.setMode('refuse');
    try {
      await expect.poll(() => tile.textContent(), { timeout: 30_000 }).toMatch(/Overseerr\s*Down/);
      await expect.poll(() => page.getByTestId('service-summary').textContent()).toMatch(/Overseerr is down since \d{2}:\d{2}/);
    } finally {
      await stack.overseerr.setMode('up');
    }
    await expect.poll(() => tile.textContent(), { timeout: 30_000 }).toMatch(/Overseerr\s*Up/);
  });
});
