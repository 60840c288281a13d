/**
 * Chromium (Debian's, via playwright-core) and the helpers the flows share: contexts at phone or
 * desktop size, signing in, axe-core, horizontal-scroll checks and screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import type { PlexTvAccount } from '../../../backend/test/fakes';
import { AXE_SCRIPT, CHROMIUM, SCREENSHOT_DIR } from './paths';
import { NEW_ADMIN_PASSWORD, type Stack } from './stack';

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;
export const SMALL_PHONE = { width: 320, height: 640 } as const;

export type Viewport = { width: number; height: number };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Problems the page reported on its own (uncaught exceptions), for assertions. */
const pageErrors = new WeakMap<BrowserContext, string[]>();

export function errorsOf(context: BrowserContext): string[] {
  return pageErrors.get(context) ?? [];
}

/**
 * A fresh browser profile at the given size, dark by default as a new visitor sees it.
 * Anything off the loopback interface (TMDB poster URLs from Overseerr, plex.tv avatars) is
 * refused at once, as it would be on these offline machines, so no test waits on DNS.
 */
export async function newContext(browser: Browser, stack: Stack, viewport: Viewport = DESKTOP): Promise<BrowserContext> {
  const phone = viewport.width < 768;
  const context = await browser.newContext({
    baseURL: stack.url,
    viewport,
    deviceScaleFactor: 1,
    isMobile: phone,
    hasTouch: phone,
    colorScheme: 'dark',
    reducedMotion: 'reduce',
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(15_000);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort('internetdisconnected'));
  const errors: string[] = [];
  pageErrors.set(context, errors);
  context.on('page', (page) => page.on('pageerror', (error) => errors.push(`${page.url()}: ${error.message}`)));
  return context;
}

/** Whether the bootstrap admin's password was already changed on this stack. */
const adminPasswordChanged = new WeakSet<Stack>();

export function markAdminPasswordChanged(stack: Stack): void {
  adminPasswordChanged.add(stack);
}

/** Signs in through the web app as admin/admin and goes through the forced password change, as a new admin does. */
export async function signInAsAdminChangingPassword(page: Page, stack: Stack): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with the admin account' }).click();
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill('admin');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
  await page.getByLabel('Current password').fill('admin');
  await page.getByLabel('New password', { exact: true }).fill(NEW_ADMIN_PASSWORD);
  await page.getByLabel('Repeat the new password').fill(NEW_ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Save and continue' }).click();
  markAdminPasswordChanged(stack);
}

/**
 * Signs the context in as the bootstrap admin through the API (the refresh cookie lands in the
 * context, and the web app restores the session from it), changing the default password first
 * when nobody has yet.
 */
export async function signInAsAdmin(context: BrowserContext, stack: Stack): Promise<void> {
  const password = adminPasswordChanged.has(stack) ? NEW_ADMIN_PASSWORD : 'admin';
  const res = await context.request.post('/api/v1/auth/login', { data: { username: 'admin', password } });
  if (res.status() !== 200) throw new Error(`admin sign-in failed: ${res.status()} ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string; mustChangePassword: boolean };
  if (body.mustChangePassword) {
    const change = await context.request.post('/api/v1/auth/password', {
      data: { currentPassword: 'admin', newPassword: NEW_ADMIN_PASSWORD },
      headers: { authorization: `Bearer ${body.accessToken}` },
    });
    if (change.status() !== 204) throw new Error(`password change failed: ${change.status()} ${await change.text()}`);
    adminPasswordChanged.add(stack);
  }
}

/** Signs the context in with Plex through the API (PIN created, approved at the fake plex.tv, completed). */
export async function signInWithPlexApi(
  context: BrowserContext,
  stack: Stack,
  account: PlexTvAccount,
): Promise<{ user: { id: string; username: string }; accessToken: string }> {
  const started = await context.request.post('/api/v1/auth/plex/login');
  if (started.status() !== 200) throw new Error(`PIN start failed: ${started.status()} ${await started.text()}`);
  const pin = (await started.json()) as { pinId: number; pinToken: string };
  stack.plextv.approvePin(pin.pinId, account.token);
  const done = await context.request.post('/api/v1/auth/plex/callback', { data: pin });
  if (done.status() !== 200) throw new Error(`Plex sign-in failed: ${done.status()} ${await done.text()}`);
  return (await done.json()) as { user: { id: string; username: string }; accessToken: string };
}

/** Opens a page of the app and waits until the route has rendered its heading. */
export async function open(page: Page, route: string): Promise<void> {
  await page.goto(route);
  await settle(page);
}

/** Client-side navigation (what following a link does), without reloading the app. */
export async function navigateInApp(page: Page, route: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
  }, route);
  await page.waitForURL((url) => `${url.pathname}${url.search}` === route);
}

/**
 * Waits for the app to finish loading: no skeletons or spinners left, lazy images in view decoded
 * (in view: inside the window and not scrolled out of a sideways-scrolling row, where a lazy
 * image rightly waits until it is scrolled to).
 */
export async function settle(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction(
    () =>
      document.querySelectorAll('[role="status"][aria-label^="Loading"], [aria-busy="true"]').length === 0 &&
      [...document.images]
        .filter((img) => {
          const rect = img.getBoundingClientRect();
          if (!(rect.bottom > 0 && rect.top < window.innerHeight && rect.right > 0 && rect.left < window.innerWidth && rect.width > 0)) return false;
          for (let el = img.parentElement; el; el = el.parentElement) {
            const style = getComputedStyle(el);
            if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
            const clip = el.getBoundingClientRect();
            if (rect.left >= clip.right || rect.right <= clip.left || rect.top >= clip.bottom || rect.bottom <= clip.top) return false;
          }
          return true;
        })
        .every((img) => img.complete),
    undefined,
    { timeout: 15_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

let axeCode: string | undefined;
function axeSource(): string {
  axeCode ??= fs.readFileSync(AXE_SCRIPT, 'utf8');
  return axeCode;
}

/** axe-core on the page as it is now; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol rather than a <script> tag: the app's CSP (rightly)
  // refuses inline scripts, and the check must not need the CSP turned off.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource());
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- axe is injected at run time
    const axe = (window as any).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
}

/** How far the page scrolls sideways (0 when it fits the viewport). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Elements that stick out past the right edge, to name in a failure message. */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const rect = el.getBoundingClientRect();
      if (rect.right > width + 1 && rect.width > 0) {
        out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 4).join('.')} right=${Math.round(rect.right)}`);
      }
      if (out.length >= 8) break;
    }
    return out;
  });
}

/** Writes frontend/screenshots/<name>-<size>.png (viewport-sized; the pages are long). */
export async function screenshot(page: Page, name: string, size: 'phone' | 'desktop'): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}-${size}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
