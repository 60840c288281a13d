/**
 * Every main page, at desktop and phone size: no serious or critical axe-core violations, no
 * horizontal scrolling on a 320 px phone (with the bottom navigation in view), keyboard focus
 * that shows, and screenshots for the README (frontend/screenshots/<page>-<size>.png).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  SMALL_PHONE,
  type Viewport,
  describeViolations,
  errorsOf,
  horizontalOverflow,
  launchBrowser,
  navigateInApp,
  newContext,
  open,
  overflowingElements,
  screenshot,
  seriousViolations,
  settle,
  signInWithPlexApi,
} from './support/browser';
import { type Stack, startStack } from './support/stack';

interface MainPage {
  name: string;
  route: () => string;
  /** Waits for what makes the page worth checking (data loaded, not a skeleton). */
  ready: (page: Page) => Promise<void>;
}

describe('every main page, at phone and desktop size', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let showId = '';
  let collectionId = '';
  let requestId = '';

  const heading = (name: string | RegExp) => async (page: Page) => {
    await page.getByRole('heading', { name, level: 1 }).waitFor();
  };

  const PAGES: MainPage[] = [
    { name: 'dashboard', route: () => '/', ready: async (page) => {
      await heading(/^Good (morning|afternoon|evening), owner$/)(page);
      await page.getByRole('heading', { name: 'Recently added' }).waitFor();
      await page.getByRole('list', { name: 'Titles you follow' }).getByRole('link').first().waitFor();
      await page.getByTestId('service-summary').waitFor();
    } },
    { name: 'library', route: () => '/library', ready: async (page) => {
      await heading('Library')(page);
      await page.getByRole('list', { name: 'Collections' }).waitFor();
    } },
    { name: 'library-movies', route: () => '/library/1', ready: async (page) => {
      await heading('Movies')(page);
      await page.getByText('Page 1 of 2').waitFor();
    } },
    { name: 'item', route: () => `/item/${showId}`, ready: async (page) => {
      await heading('Game of Thrones')(page);
      await page.getByRole('region', { name: 'Seasons' }).waitFor();
    } },
    { name: 'collection', route: () => `/collection/${collectionId}?title=The%20Matrix%20Collection`, ready: async (page) => {
      await heading('The Matrix Collection')(page);
      await page.getByRole('link', { name: /^The Matrix/ }).first().waitFor();
    } },
    { name: 'discover', route: () => '/discover?q=Matrix', ready: async (page) => {
      await heading('Results for "Matrix"')(page);
      await page.getByRole('heading', { name: /^The Matrix Reloaded/ }).waitFor();
    } },
    { name: 'title', route: () => '/title/movie/604', ready: async (page) => {
      await heading('The Matrix Reloaded (2003)')(page);
      await page.getByText('Available', { exact: true }).first().waitFor();
    } },
    { name: 'requests', route: () => '/requests', ready: async (page) => {
      await heading('My requests')(page);
      await page.getByRole('link', { name: /^Breaking Bad/ }).waitFor();
    } },
    { name: 'request', route: () => `/requests/${requestId}`, ready: async (page) => {
      await heading(/The Matrix Reloaded/)(page);
      await page.getByRole('region', { name: 'Status history' }).waitFor();
    } },
    { name: 'notifications', route: () => '/notifications', ready: async (page) => {
      await heading('Notifications')(page);
      await page.getByText(/Now Available|available/i).first().waitFor();
    } },
    { name: 'help', route: () => '/help', ready: heading(/Help/) },
    { name: 'admin-users', route: () => '/admin/users', ready: async (page) => {
      await heading('Admin')(page);
      await page.getByText(/\d+ users/).waitFor();
    } },
    { name: 'admin-settings', route: () => '/admin/settings', ready: async (page) => {
      await heading('Admin')(page);
      await page.getByText('Set by environment').first().waitFor();
    } },
    { name: 'admin-invitations', route: () => '/admin/invitations', ready: async (page) => {
      await heading('Admin')(page);
      await page.getByRole('form', { name: 'New invitation' }).waitFor();
    } },
    { name: 'admin-requests', route: () => '/admin/requests', ready: async (page) => {
      await heading('Admin')(page);
      await page.getByRole('region', { name: 'Requests' }).getByText(/^\d+ requests?$/).waitFor();
    } },
    { name: 'setup', route: () => '/setup', ready: heading('Set up MediaNest') },
    { name: 'profile', route: () => '/profile', ready: async (page) => {
      await heading('Your profile')(page);
      await page.getByRole('list', { name: 'Signed-in devices' }).waitFor();
    } },
    { name: 'admin-audit-log', route: () => '/admin/audit-log', ready: async (page) => {
      await heading('Admin')(page);
      await page.getByRole('region', { name: 'Audit log' }).waitFor();
    } },
  ];

  /** A signed-in page at `viewport` (the owner of the Plex server, an admin). */
  async function ownerPage(viewport: Viewport): Promise<Page> {
    const context = await newContext(browser, stack, viewport);
    contexts.push(context);
    await signInWithPlexApi(context, stack, stack.owner);
    return context.newPage();
  }

  async function signedOutPage(viewport: Viewport): Promise<Page> {
    const context = await newContext(browser, stack, viewport);
    contexts.push(context);
    return context.newPage();
  }

  /** Loads the first page, then moves on inside the app as a user would (no full reload each time). */
  async function visit(page: Page, main: MainPage, first: boolean): Promise<void> {
    if (first) await page.goto(main.route());
    else await navigateInApp(page, main.route());
    await main.ready(page);
    await settle(page);
  }

  async function expectAccessible(page: Page, where: string): Promise<void> {
    const violations = await seriousViolations(page);
    expect(violations, `axe-core on ${where}:\n${describeViolations(violations)}`).toEqual([]);
  }

  async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
    const overflow = await horizontalOverflow(page);
    expect(overflow, `${where} scrolls sideways by ${overflow}px; wide elements: ${(await overflowingElements(page)).join(', ')}`).toBeLessThanOrEqual(0);
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    // Something to look at: the owner requested two titles; one is now on the server.
    stack.overseerr.addUser({ id: 2, email: stack.owner.email, plexId: stack.owner.id, plexUsername: stack.owner.username, permissions: 32 });
    const setup = await newContext(browser, stack);
    const { accessToken } = await signInWithPlexApi(setup, stack, stack.owner);
    const headers = { authorization: `Bearer ${accessToken}` };
    const movie = await setup.request.post('/api/v1/media/requests', { headers, data: { tmdbId: 604, mediaType: 'movie' } });
    expect(movie.status()).toBe(201);
    requestId = ((await movie.json()) as { id: string }).id;
    const show = await setup.request.post('/api/v1/media/requests', { headers, data: { tmdbId: 1396, mediaType: 'tv', seasons: [1, 2] } });
    expect(show.status()).toBe(201);
    const overseerrId = ((await movie.json()) as { overseerrRequestId: number }).overseerrRequestId;
    expect(await stack.webhook('MEDIA_APPROVED', overseerrId)).toBe(204);
    expect(await stack.webhook('MEDIA_AVAILABLE', overseerrId)).toBe(204);
    const libraries = await setup.request.get('/api/v1/plex/collections?libraryId=1', { headers });
    collectionId = ((await libraries.json()) as { items: Array<{ id: string; title: string }> }).items.find((c) => c.title === 'The Matrix Collection')!.id;
    const found = await setup.request.get('/api/v1/plex/search?q=Game%20of%20Thrones', { headers });
    showId = ((await found.json()) as { items: Array<{ id: string; type: string }> }).items.find((i) => i.type === 'show')!.id;
    // The bootstrap admin keeps its default password for now, to check the password-change page.
    await setup.close();
  });
  afterAll(async () => {
    const errors = contexts.flatMap((c) => errorsOf(c));
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the pages').toEqual([]);
  });

  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`sign-in and password-change pages (${size}): accessible, screenshots`, async () => {
      const page = await signedOutPage(viewport);
      await open(page, '/sign-in');
      await page.getByRole('heading', { name: 'Sign in to MediaNest' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true);
      await expectAccessible(page, `sign-in (${size})`);
      await screenshot(page, 'sign-in', size);
      await page.getByRole('button', { name: 'Sign in with the admin account' }).click();
      await page.getByLabel('Username').waitFor();
      await expectAccessible(page, `sign-in with the admin form open (${size})`);

      // The bootstrap admin's first sign-in lands on the password change.
      await page.getByLabel('Username').fill('admin');
      await page.getByLabel('Password').fill('admin');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Repeat the new password').fill('shorter');
      await expectAccessible(page, `password change with errors shown (${size})`);
      await page.getByLabel('New password', { exact: true }).fill('');
      await page.getByLabel('Repeat the new password').fill('');
      await expectAccessible(page, `password change (${size})`);
      await screenshot(page, 'change-password', size);
    });
  }

  it('main pages at desktop size (1440x900): accessible, screenshots', async () => {
    const page = await ownerPage(DESKTOP);
    for (const [index, main] of PAGES.entries()) {
      await visit(page, main, index === 0);
      // Wide screens: the sidebar, not the bottom bar.
      expect(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible(), `sidebar on ${main.name}`).toBe(true);
      expect(await page.getByRole('navigation', { name: 'Main navigation' }).isVisible(), `bottom bar on ${main.name}`).toBe(false);
      await expectAccessible(page, `${main.name} (desktop)`);
      await screenshot(page, main.name, 'desktop');
    }
  });

  it('main pages at phone size (390x844): accessible, no sideways scroll, screenshots', async () => {
    const page = await ownerPage(PHONE);
    for (const [index, main] of PAGES.entries()) {
      await visit(page, main, index === 0);
      await expectNoSidewaysScroll(page, `${main.name} at 390px`);
      await expectAccessible(page, `${main.name} (phone)`);
      await screenshot(page, main.name, 'phone');
    }
  });

  it('main pages on a 320x640 phone: bottom navigation in view, no sideways scroll, accessible', async () => {
    const page = await ownerPage(SMALL_PHONE);
    for (const [index, main] of PAGES.entries()) {
      await visit(page, main, index === 0);
      await expectNoSidewaysScroll(page, `${main.name} at 320px`);
      const bottomNav = page.getByRole('navigation', { name: 'Main navigation' });
      expect(await bottomNav.isVisible(), `bottom navigation on ${main.name}`).toBe(true);
      const box = (await bottomNav.boundingBox())!;
      expect(box.y + box.height, `bottom navigation inside the viewport on ${main.name}`).toBeLessThanOrEqual(SMALL_PHONE.height + 1);
      expect(box.width).toBeLessThanOrEqual(SMALL_PHONE.width);
      expect(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible()).toBe(false);
      await expectAccessible(page, `${main.name} (320px)`);
    }
    // Dialogs and the "More" sheet fit too.
    // A show nobody asked for that is not on the server (Game of Thrones is in the Plex library).
    stack.overseerr.addTitle({ tmdbId: 950_100, mediaType: 'tv', title: 'Northern Lights', year: 2019, seasons: 3 });
    await open(page, '/discover?q=Northern%20Lights');
    await page.getByRole('button', { name: 'Request: Northern Lights (2019)' }).click();
    await page.getByRole('dialog').getByLabel('Only the seasons I choose').check();
    await expectNoSidewaysScroll(page, 'the request dialog at 320px');
    await expectAccessible(page, 'the request dialog (320px)');
    await page.keyboard.press('Escape');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'More' }).click();
    const more = page.getByRole('dialog', { name: 'More' });
    await more.getByRole('link', { name: 'Help' }).waitFor();
    await expectNoSidewaysScroll(page, 'the More sheet at 320px');
    await more.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  });

  it('uses a 4K screen: sidebar, wider poster grid, nothing sticking out', async () => {
    const page = await ownerPage({ width: 3840, height: 2160 });
    for (const [index, main] of PAGES.filter((p) => ['dashboard', 'library-movies', 'discover'].includes(p.name)).entries()) {
      await visit(page, main, index === 0);
      await expectNoSidewaysScroll(page, `${main.name} at 3840px`);
      expect(await page.getByRole('navigation', { name: 'Main', exact: true }).isVisible()).toBe(true);
      if (main.name === 'library-movies') {
        const columns = await page.getByRole('list', { name: 'Movies', exact: true }).evaluate((ul) => getComputedStyle(ul).gridTemplateColumns.split(' ').length);
        expect(columns).toBeGreaterThanOrEqual(8);
      }
    }
  });

  it('is usable from the keyboard: skip link first, and every focused control shows it', async () => {
    const page = await ownerPage(DESKTOP);
    await open(page, '/');
    await PAGES[0]!.ready(page);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => ({ text: document.activeElement?.textContent, visible: (document.activeElement as HTMLElement).getBoundingClientRect().width > 1 }));
    expect(first).toEqual({ text: 'Skip to content', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    const seen: string[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return null;
        const style = getComputedStyle(el);
        const rect = el.getBoundingClientRect();
        return {
          name: `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`,
          indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none',
          onScreen: rect.width > 0 && rect.height > 0,
        };
      });
      if (!focus) continue;
      seen.push(focus.name);
      expect(focus.indicator, `no visible focus indicator on ${focus.name}`).toBe(true);
      expect(focus.onScreen, `${focus.name} is focused but not on screen`).toBe(true);
    }
    expect(seen.length).toBeGreaterThan(10);
  });
});
