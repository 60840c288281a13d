import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, markAdminPasswordChanged, newContext } from './support/browser';
import { NEW_ADMIN_PASSWORD, type Stack, startStack } from './support/stack';

describe('signing in', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    const errors = context ? errorsOf(context) : [];
    await context?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  it('takes the bootstrap admin from admin/admin through the forced password change to the setup checklist, then the dashboard', async () => {
    context = await newContext(browser, stack);
    const page = await context.newPage();
    await page.goto('/');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('heading', { name: 'Sign in to MediaNest' }).waitFor();

    await page.getByRole('button', { name: 'Sign in with the admin account' }).click();
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('That username and password do not match');

    await page.getByLabel('Password').fill('admin');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/change-password');

    // The app refuses everything else until the password is changed.
    await page.goto('/library');
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();

    await page.getByLabel('Current password').fill('admin');
    await page.getByLabel('New password', { exact: true }).fill('short');
    expect(await page.getByText('5 of 12 characters').isVisible()).toBe(true);
    await page.getByLabel('New password', { exact: true }).fill(NEW_ADMIN_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    markAdminPasswordChanged(stack);

    // Overseerr's test webhook has not arrived yet, so the setup is not done: the checklist comes first.
    await page.getByRole('heading', { name: 'Set up MediaNest', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');
    await page.getByRole('region', { name: /^1\. Connect Plex/ }).getByText("Set by the server's environment; change it there.").waitFor();

    await page.getByRole('navigation', { name: 'Main', exact: true }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: /^Good (morning|afternoon|evening), admin$/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Service status' }).waitFor();

    // The session survives a reload (refresh cookie), and the new password is the one that works.
    await page.reload();
    await page.getByRole('heading', { name: /, admin$/ }).waitFor();
    const old = await context.request.post('/api/v1/auth/login', { data: { username: 'admin', password: 'admin' } });
    expect(old.status()).toBe(401);
  });

  it('signs a friend in with Plex: popup to the Plex page, approval there, then the app shows their name', async () => {
    context = await newContext(browser, stack);
    const page = await context.newPage();
    const friend = stack.friends[0]!;
    await page.goto('/sign-in');

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Plex' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.pathname === '/auth');
    expect(await popup.title()).toBe('Plex');
    expect(popup.url()).toContain('code=');
    await page.getByText('Waiting for you to approve in Plex…').waitFor();

    const pin = stack.plextv.lastPin!;
    expect(popup.url()).toContain(`code=${pin.code}`);
    await expect.poll(() => page.getByText(pin.code).isVisible()).toBe(true);
    stack.plextv.approvePin(pin.id, friend.token);

    await page.getByRole('heading', { name: new RegExp(`, ${friend.username}$`) }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await expect.poll(() => popup.isClosed()).toBe(true);
    await expect.poll(() => page.getByText(friend.username, { exact: true }).first().isVisible()).toBe(true);
    // A signed-in user is not an admin: no Admin destination.
    expect(await page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
  });

  it('tells someone whose Plex account has no access to this server, in plain words', async () => {
    context = await newContext(browser, stack);
    const page = await context.newPage();
    await page.goto('/sign-in');
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Plex' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.stranger.token);

    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("This Plex account isn't shared with you");
    expect(await alert.textContent()).toContain("Ask the server's owner to share their library with you");
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.getByRole('button', { name: 'Try Plex again' }).waitFor();
  });

  it('signs the server owner in with Plex as an admin', async () => {
    context = await newContext(browser, stack);
    const page = await context.newPage();
    await page.goto('/sign-in');
    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Sign in with Plex' }).click();
    await (await popupOpened).waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.owner.token);
    await page.getByRole('heading', { name: /, owner$/ }).waitFor({ timeout: 20_000 });
    await page.getByRole('link', { name: 'Admin' }).waitFor();
  });
});
