import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KumaStatus, MediaStatus } from '../../backend/test/fakes';
import { DESKTOP, PHONE, describeViolations, errorsOf, horizontalOverflow, launchBrowser, newContext, seriousViolations, settle, signInAsAdmin, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

const EXTRA_MOVIES = 25;

describe('Discover, title pages and the admin request queue', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let friend: Page;
  let admin: Page;

  async function signedInPage(signIn: (context: BrowserContext) => Promise<unknown>): Promise<Page> {
    const context = await newContext(browser, stack);
    contexts.push(context);
    await signIn(context);
    return context.newPage();
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    // Enough movies for a second page of "Popular movies" (20 a page).
    for (let i = 1; i <= EXTRA_MOVIES; i++) stack.overseerr.addTitle({ tmdbId: 800_000 + i, mediaType: 'movie', title: `Filler Film ${i}`, year: 2001, popularity: 1 });
    // One movie and one show released in two months: the two "Upcoming" rows.
    const soon = new Date(Date.now() + 60 * 86_400_000);
    const releaseDate = soon.toISOString().slice(0, 10);
    stack.overseerr.addTitle({ tmdbId: 810_001, mediaType: 'movie', title: 'Soon Film', year: soon.getUTCFullYear(), releaseDate });
    stack.overseerr.addTitle({ tmdbId: 810_002, mediaType: 'tv', title: 'Soon Show', year: soon.getUTCFullYear(), releaseDate, seasons: 1 });
    // Breaking Bad: season 1 on the server, season 2 partly, season 3 requested by someone else.
    stack.overseerr.scanShow(1396, { 1: MediaStatus.AVAILABLE, 2: MediaStatus.PARTIALLY_AVAILABLE }, '4242');
    stack.overseerr.store.createRequest({ mediaType: 'tv', mediaId: 1396, seasons: [3] }, stack.overseerr.users.get(10)!);
    friend = await signedInPage((c) => signInWithPlexApi(c, stack, stack.friends[1]!));
    admin = await signedInPage((c) => signInAsAdmin(c, stack));
  });
  afterAll(async () => {
    const errors = contexts.flatMap((c) => errorsOf(c));
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the pages').toEqual([]);
  });

  it('opens on rows of titles with their state, each scrolling for more', async () => {
    await friend.goto('/discover');
    await settle(friend);
    expect(await friend.title()).toBe('Discover · MediaNest');
    for (const row of ['Trending', 'Popular movies', 'Popular shows', 'Upcoming movies', 'Upcoming shows']) await friend.getByRole('region', { name: row }).waitFor();
    await friend.getByRole('region', { name: 'Upcoming movies' }).getByRole('link', { name: /^Soon Film \d{4} · Movie$/ }).waitFor();
    await friend.getByRole('region', { name: 'Upcoming shows' }).getByRole('link', { name: /^Soon Show \d{4} · / }).waitFor();
    expect(await friend.getByRole('region', { name: 'Upcoming movies' }).getByRole('link', { name: /The Matrix/ }).count()).toBe(0);
    const movies = friend.getByRole('region', { name: 'Popular movies' });
    const card = (title: string) => movies.getByRole('listitem').filter({ has: friend.getByRole('link', { name: new RegExp(`^${title} \\d{4} · Movie$`) }) });
    await card('The Matrix').getByText('Available', { exact: true }).waitFor();
    await card('Inception').getByText('Requested', { exact: true }).waitFor();
    expect(await movies.getByRole('link').count()).toBe(20);
    // Colour transitions of the first paint settle before axe measures contrast.
    await friend.waitForTimeout(500);
    expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);
    // Scrolling the row to its end loads the next page.
    await movies.getByRole('button', { name: 'More popular movies' }).scrollIntoViewIfNeeded();
    await expect.poll(() => movies.getByRole('link').count(), { timeout: 10_000 }).toBe(EXTRA_MOVIES + 4);
  });

  it('searches as the user types, with the same state words', async () => {
    await friend.getByRole('searchbox', { name: 'Search movies and shows' }).pressSequentially('breaking', { delay: 30 });
    await friend.getByRole('heading', { name: 'Results for "breaking"', level: 1 }).waitFor();
    const card = friend.getByRole('listitem').filter({ has: friend.getByRole('heading', { name: 'Breaking Bad (2008)' }) });
    await card.getByText('Partly available', { exact: true }).waitFor();
    await card.getByRole('button', { name: 'Request more: Breaking Bad (2008)' }).waitFor();
  });

  it('shows a movie title page that is on the server, with a Watch on Plex link', async () => {
    await friend.goto('/title/movie/603');
    await friend.getByRole('heading', { name: 'The Matrix (1999)', level: 1 }).waitFor();
    await settle(friend);
    expect(await friend.title()).toBe('The Matrix (1999) · MediaNest');
    const plex = friend.getByRole('link', { name: 'Watch on Plex' });
    expect(await plex.getAttribute('href')).toMatch(/^https:\/\/app\.plex\.tv\/desktop#!\/server\/[0-9a-f]+\/details\?key=%2Flibrary%2Fmetadata%2F\d+$/);
    await friend.getByRole('link', { name: 'Open in library' }).waitFor();
    await friend.getByText('Science Fiction', { exact: true }).waitFor();
    await friend.getByText('2 h 16 min').waitFor();
    await friend.getByRole('region', { name: 'Cast' }).getByText('Keanu Reeves').waitFor();
    expect(await friend.getByRole('link', { name: 'Watch the trailer' }).getAttribute('href')).toBe('https://www.youtube.com/watch?v=vKQi3bBA1y8');
    expect(await friend.getByRole('button', { name: /^Request/ }).count()).toBe(0);
    expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);
  });

  it('shows a partly available show season by season and requests the remaining seasons', async () => {
    await friend.goto('/title/tv/1396');
    await friend.getByRole('heading', { name: 'Breaking Bad (2008)', level: 1 }).waitFor();
    await settle(friend);
    const seasons = friend.getByRole('region', { name: 'Seasons' }).getByRole('listitem');
    expect(await seasons.allInnerTexts()).toEqual([
      expect.stringMatching(/^Season 1[\s\S]*Available$/),
      expect.stringMatching(/^Season 2[\s\S]*Partly available$/),
      expect.stringMatching(/^Season 3[\s\S]*Requested$/),
      expect.stringMatching(/^Season 4[\s\S]*Not requested$/),
      expect.stringMatching(/^Season 5[\s\S]*Not requested$/),
    ]);
    await friend.getByRole('button', { name: 'Request more seasons' }).click();
    const dialog = friend.getByRole('dialog', { name: 'Request Breaking Bad (2008)?' });
    for (const n of [1, 2, 3]) expect(await dialog.getByLabel(`Season ${n}`, { exact: true }).isDisabled()).toBe(true);
    expect(await dialog.getByLabel('Season 0', { exact: true }).count()).toBe(0);
    await dialog.getByTestId('quota-note').waitFor();
    expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);
    await dialog.getByLabel('Season 4', { exact: true }).check();
    await dialog.getByLabel('Season 5', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Request seasons' }).click();
    await dialog.waitFor({ state: 'detached' });
    await friend.getByText('Requested Breaking Bad').waitFor();
    await expect.poll(() => seasons.nth(4).innerText()).toMatch(/Requested$/);
    await friend.getByText('Requested: it will be added once approved and downloaded.').waitFor();
    const sent = [...stack.overseerr.requestRows.values()].at(-1)!;
    expect(sent.seasons.map((s) => s.seasonNumber)).toEqual([4, 5]);
  });

  it('lets an admin approve from the queue, and the requester sees it at once', async () => {
    await friend.goto('/title/movie/604');
    await friend.getByRole('button', { name: 'Request', exact: true }).click();
    await friend.getByRole('dialog').getByRole('button', { name: 'Request movie' }).click();
    await friend.getByText('Requested The Matrix Reloaded').waitFor();
    await friend.goto('/requests');
    const row = friend.getByRole('listitem').filter({ has: friend.getByRole('link', { name: /^The Matrix Reloaded/ }) });
    await row.getByText('Pending approval', { exact: true }).waitFor();

    await admin.goto('/admin/requests');
    await admin.getByRole('list', { name: 'Request queue' }).waitFor();
    await settle(admin);
    expect(await admin.title()).toBe('Admin: Requests · MediaNest');
    expect(await seriousViolations(admin), describeViolations(await seriousViolations(admin))).toEqual([]);
    const username = stack.friends[1]!.username;
    const approved = admin.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/v1\/admin\/requests\/[^/]+\/approve$/.test(r.url()), { timeout: 45_000 });
    await admin.getByRole('button', { name: `Approve The Matrix Reloaded (2003) for ${username}` }).click();
    const answer = await approved;
    expect(answer.status(), await answer.text()).toBe(200);
    expect(((await answer.json()) as { status: string }).status).toMatch(/^(approved|processing)$/);
    // The queue no longer offers the decision (the success toast is too short-lived to wait for on a loaded machine).
    await admin.getByRole('button', { name: `Approve The Matrix Reloaded (2003) for ${username}` }).waitFor({ state: 'detached', timeout: 15_000 });

    // No reload: the requester's list follows the request:updated event.
    await row.getByText('Downloading', { exact: true }).waitFor({ timeout: 10_000 });
    const audit = await admin.request.get('/api/v1/admin/audit-log?pageSize=5', { headers: { authorization: `Bearer ${await adminToken(admin)}` } });
    expect(audit.status()).toBe(200);
    expect(JSON.stringify(await audit.json())).toContain('admin.request_approved');
  });

  it('gives the family a dashboard that leads with their requests and followed titles, service status one click deep, at phone and desktop sizes', async () => {
    // The Uptime Kuma monitor "NAS storage" goes down.
    stack.kuma.pushBeat(2, KumaStatus.DOWN, null);
    for (const size of [PHONE, DESKTOP]) {
      await friend.setViewportSize(size);
      await friend.goto('/');
      await friend.getByRole('heading', { name: new RegExp(`, ${stack.friends[1]!.username}$`) }).waitFor();
      await settle(friend);
      expect(await friend.title()).toBe('Home · MediaNest');
      const sections = await friend.locator('main section[aria-label]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('aria-label')));
      expect(sections).toEqual(['Your latest requests', 'Titles you follow', 'Recently added', 'Service status']);
      await friend.getByRole('link', { name: /^The Matrix Reloaded/ }).first().waitFor();

      // The titles requested earlier are followed: each with its state, and its title page a tap away.
      const followed = friend.getByRole('list', { name: 'Titles you follow' });
      const reloaded = followed.getByRole('listitem').filter({ has: friend.getByRole('link', { name: 'The Matrix Reloaded', exact: true }) });
      await reloaded.getByText(/^(Approved|Downloading)$/).waitFor();
      const breakingBad = followed.getByRole('listitem').filter({ has: friend.getByRole('link', { name: 'Breaking Bad', exact: true }) });
      await breakingBad.getByText(/^(Pending approval|Approved|Downloading|Partly available)$/).waitFor();
      expect(await reloaded.getByRole('link').getAttribute('href')).toBe('/title/movie/604');

      // Service status: one line saying what is down since when, the tiles a click away.
      const status = friend.getByRole('region', { name: 'Service status' });
      await expect.poll(() => friend.getByTestId('service-summary').textContent()).toMatch(/NAS storage is down since \d{2}:\d{2}/);
      expect(await status.getByRole('list', { name: 'Services' }).count()).toBe(0);
      expect(await horizontalOverflow(friend)).toBe(0);
      expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);

      await status.getByRole('button', { name: 'Service details' }).click();
      const tiles = status.getByRole('list', { name: 'Services' });
      await tiles.getByRole('button', { name: /^Plex Up .*MediaNest’s own check/ }).waitFor();
      await tiles.getByRole('button', { name: /^NAS storage Down .*Uptime Kuma monitor/ }).waitFor();
      expect(await status.getByRole('button', { name: 'Hide details' }).getAttribute('aria-expanded')).toBe('true');
      expect(await horizontalOverflow(friend)).toBe(0);
      expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);
      await tiles.getByRole('button', { name: /^NAS storage/ }).click();
      const details = friend.getByRole('dialog', { name: /NAS storage/ });
      await details.getByText(/Uptime Kuma monitor/).waitFor();
      await details.getByText('Uptime, last 24 h').waitFor();
      await friend.keyboard.press('Escape');
      await details.waitFor({ state: 'detached' });

      await reloaded.getByRole('link').click();
      await friend.getByRole('heading', { name: 'The Matrix Reloaded (2003)', level: 1 }).waitFor();
    }
  });

  it('follows a title from its page, and finds it under "Titles you follow" on the dashboard', async () => {
    await friend.setViewportSize(DESKTOP);
    await friend.goto('/title/movie/800001');
    await friend.getByRole('heading', { name: 'Filler Film 1 (2001)', level: 1 }).waitFor();
    await settle(friend);
    await friend.getByRole('button', { name: 'Notify me when Filler Film 1 (2001) is available' }).click();
    await friend.getByRole('button', { name: 'Following Filler Film 1 (2001)' }).waitFor();
    expect(await friend.getByRole('button', { name: 'Following Filler Film 1 (2001)' }).getAttribute('aria-pressed')).toBe('true');

    await friend.goto('/');
    const followed = friend.getByRole('list', { name: 'Titles you follow' });
    const filler = followed.getByRole('listitem').filter({ has: friend.getByRole('link', { name: 'Filler Film 1 (2001)', exact: true }) });
    await filler.getByText('Not requested', { exact: true }).waitFor();
    expect(await filler.getByRole('link').getAttribute('href')).toBe('/title/movie/800001');
    // Back on its page, it says so.
    await filler.getByRole('link').click();
    await friend.getByRole('button', { name: 'Following Filler Film 1 (2001)' }).waitFor();
  });

  it('shows the profile with the titles followed, the quota and the signed-in devices', async () => {
    await friend.goto('/profile');
    await friend.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
    await settle(friend);
    const followed = friend.getByRole('list', { name: 'Titles you follow' });
    await followed.getByRole('link', { name: 'Filler Film 1 (2001)', exact: true }).waitFor();
    await followed.getByRole('link', { name: 'The Matrix Reloaded', exact: true }).waitFor();
    expect(await friend.getByRole('link', { name: /^(Manage what you follow|See all \d+ titles you follow)$/ }).getAttribute('href')).toBe('/following');
    // Two requests were made this hour (Breaking Bad seasons, The Matrix Reloaded), out of 100.
    const limits = friend.getByRole('list', { name: 'Request limits' });
    await limits.getByText(/^This hour: 98 of 100 requests left · resets at \d{2}:\d{2}( [AP]M)? \(in \d+ minutes?\)$/).waitFor();
    // A Plex friend, not invited: no end date to show.
    expect(await friend.getByRole('region', { name: 'Your access' }).count()).toBe(0);
    await friend.getByRole('list', { name: 'Signed-in devices' }).getByText(/\(this device\)/).waitFor();
    expect(await seriousViolations(friend), describeViolations(await seriousViolations(friend))).toEqual([]);
  });
});

/** A fresh access token of the page's session (the refresh cookie is in its context). */
async function adminToken(page: Page): Promise<string> {
  const res = await page.request.post('/api/v1/auth/refresh', { headers: { origin: new URL(page.url()).origin } });
  return ((await res.json()) as { accessToken: string }).accessToken;
}
