import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { legacyError } from '../../backend/test/fakes/plextv-sharing';
import { PHONE, describeViolations, errorsOf, horizontalOverflow, launchBrowser, newContext, open, seriousViolations, signInAsAdmin } from './support/browser';
import { type Stack, startStack } from './support/stack';

describe('inviting someone', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  afterEach(async () => {
    const errors = contexts.flatMap((c) => errorsOf(c));
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  it("takes the invitee from the admin's link to their dashboard on a phone, through a plex.tv failure and a retry", async () => {
    // The admin creates the invitation in Admin → Invitations.
    const adminContext = await newContext(browser, stack);
    contexts.push(adminContext);
    await signInAsAdmin(adminContext, stack);
    const admin = await adminContext.newPage();
    await open(admin, '/admin/invitations');
    await admin.getByLabel('TV Shows').check();
    await admin.getByLabel('Access lasts').selectOption('30');
    await admin.getByLabel('Note for the invitee').fill('Enjoy the shows!');
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    const code = admin.getByRole('list', { name: 'Invitation list' }).locator('p.font-mono').first();
    await code.waitFor();
    const inviteCode = (await code.textContent())!.trim();
    expect(inviteCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await admin.getByRole('button', { name: `Copy link of invitation ${inviteCode}` }).waitFor();

    // The invitee opens the link on a phone: who, what, until when, and plain words about Plex.
    const phone = await newContext(browser, stack, PHONE);
    contexts.push(phone);
    const page = await phone.newPage();
    await page.goto(`/invite/${inviteCode}`);
    await page.getByRole('heading', { name: 'admin invites you to their Plex server' }).waitFor();
    expect(await page.title()).toBe('Invitation from admin · MediaNest');
    expect(await page.getByText('TV Shows').isVisible()).toBe(true);
    expect(await page.getByText(/^Until .* \(30 days\)$/).isVisible()).toBe(true);
    expect(await page.getByText('Enjoy the shows!').isVisible()).toBe(true);
    expect(await page.getByText('MediaNest never sees your Plex password').isVisible()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const violations = await seriousViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // First try: plex.tv fails to share. The invitee is told which step failed; nothing is kept.
    stack.plextv.override(/\/shared_servers$/, () => legacyError(500, 'Internal Server Error'), { once: true });
    let popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Accept with Plex' }).click();
    let popup = await popupOpened;
    await popup.waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.newcomer.token);
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('share the server');
    expect(stack.sharing.shareOf(stack.pms.machineIdentifier, stack.newcomer.id)).toBeUndefined();

    // Trying again works and lands on the dashboard with the end date and a welcome.
    popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Accept with Plex' }).click();
    popup = await popupOpened;
    await popup.waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.newcomer.token);
    await page.getByRole('heading', { name: /, newcomer$/ }).waitFor({ timeout: 20_000 });
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByText(/Your access to the Plex server lasts until/).waitFor();
    const share = stack.sharing.shareOf(stack.pms.machineIdentifier, stack.newcomer.id)!;
    expect(share.pending).toBe(false);
    expect(stack.sharing.sectionKeysOf(stack.pms.machineIdentifier, share)).toEqual(['2']);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // Their profile says until when, next to what they follow and how many requests they have left.
    await open(page, '/profile');
    const until = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    const access = page.getByRole('region', { name: 'Your access' });
    expect(await access.getByTestId('access-ends').textContent()).toMatch(new RegExp(`^Your access to the Plex server lasts until ${until} \\(in (29|30) days\\)\\.$`));
    await page.getByRole('list', { name: 'Request limits' }).getByText(/^This hour: 100 of 100 requests left$/).waitFor();
    await page.getByRole('region', { name: 'Titles you follow' }).getByRole('link', { name: 'Discover' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page), describeViolations(await seriousViolations(page))).toEqual([]);

    // The admin sees one use; the invitation is used up.
    await admin.reload();
    await admin.getByRole('list', { name: 'Invitation list' }).getByText('used 1 of 1').waitFor();

    // Ending the newcomer's access asks first; keeping it changes nothing, confirming removes the share.
    await open(admin, '/admin/users');
    await admin.getByRole('link', { name: 'Plex access of newcomer' }).click();
    await admin.getByRole('button', { name: 'End access now' }).click();
    let dialog = admin.getByRole('dialog', { name: 'End access now?' });
    await dialog.getByText(/account is suspended at once/).waitFor();
    await dialog.getByRole('button', { name: 'Keep access' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(stack.sharing.shareOf(stack.pms.machineIdentifier, stack.newcomer.id)).toBeDefined();
    await admin.getByRole('button', { name: 'End access now' }).click();
    dialog = admin.getByRole('dialog', { name: 'End access now?' });
    await dialog.getByRole('button', { name: 'End access' }).click();
    await admin.getByText('Access ended and account suspended').waitFor();
    await admin.getByText(/^Ended .* \(ended by an admin\)$/).waitFor();
    expect(stack.sharing.shareOf(stack.pms.machineIdentifier, stack.newcomer.id)).toBeUndefined();
  });

  it('revokes an invitation only after the admin confirms, and its link then says so', async () => {
    const adminContext = await newContext(browser, stack);
    contexts.push(adminContext);
    await signInAsAdmin(adminContext, stack);
    const admin = await adminContext.newPage();
    await open(admin, '/admin/invitations');
    await admin.getByLabel('TV Shows').check();
    await admin.getByRole('button', { name: 'Create invitation' }).click();
    await admin.getByText('Invitation created').waitFor();
    const code = admin.getByRole('list', { name: 'Invitation list' }).locator('p.font-mono').first();
    const inviteCode = (await code.textContent())!.trim();

    await admin.getByRole('button', { name: `Revoke invitation ${inviteCode}` }).click();
    let dialog = admin.getByRole('dialog', { name: `Revoke invitation ${inviteCode}?` });
    await dialog.getByRole('button', { name: 'Keep invitation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await admin.getByRole('button', { name: `Revoke invitation ${inviteCode}` }).waitFor();
    await admin.getByRole('button', { name: `Revoke invitation ${inviteCode}` }).click();
    dialog = admin.getByRole('dialog', { name: `Revoke invitation ${inviteCode}?` });
    expect(await seriousViolations(admin), describeViolations(await seriousViolations(admin))).toEqual([]);
    await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
    await admin.getByText(`Invitation ${inviteCode} revoked`).waitFor();
    await admin.getByRole('button', { name: `Revoke invitation ${inviteCode}` }).waitFor({ state: 'detached' });

    const visitor = await newContext(browser, stack);
    contexts.push(visitor);
    const page = await visitor.newPage();
    await page.goto(`/invite/${inviteCode}`);
    await page.getByRole('heading', { name: 'This invitation can no longer be used' }).waitFor();
    expect(await page.title()).toBe('This invitation can no longer be used · MediaNest');
  });
});
