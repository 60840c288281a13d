import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plexTvConnection } from '../../backend/test/fakes';
import { describeViolations, errorsOf, launchBrowser, newContext, seriousViolations, settle, signInAsAdmin, signInAsAdminChangingPassword } from './support/browser';
import { type Stack, startStack } from './support/stack';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('first run: the setup checklist on a fresh install', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const HOOK_SECRET = 'chosen-hook-secret-42';

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ unconfigured: true }), launchBrowser()]);
    context = await newContext(browser, stack);
    await signInAsAdmin(context, stack);
    page = await context.newPage();
  });
  afterAll(async () => {
    const errors = context ? errorsOf(context) : [];
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  const step = (name: RegExp) => page.getByRole('region', { name });

  it('says "Not configured" on the dashboard, without red error boxes, and leads to the checklist', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: /, admin$/ }).waitFor();
    await settle(page);
    await page.getByText('Plex is not configured').waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // One status line names what is missing (the tiles are a click away).
    expect(await page.getByTestId('service-summary').textContent()).toBe('Plex not configured · Overseerr not configured · Set up in Settings');
    expect(await page.getByText('Checked never').count()).toBe(0);
    await page.getByRole('link', { name: 'Finish the setup checklist' }).click();
    await page.getByRole('heading', { name: 'Set up MediaNest', level: 1 }).waitFor();
    await settle(page);
    expect(await page.title()).toBe('Set up MediaNest · MediaNest');
    expect(await seriousViolations(page), describeViolations(await seriousViolations(page))).toEqual([]);
  });

  it('shows a failing Test with its cause first, and saves Plex only after it works', async () => {
    const plex = step(/^1\. Connect Plex/);
    await plex.getByLabel('Plex server URL').fill(`http://127.0.0.1:${await closedPort()}`);
    await plex.getByLabel('Plex token of the server owner').fill(stack.pms.token);
    await plex.getByRole('button', { name: 'Test' }).click();
    await plex.getByRole('alert').getByText(/Connection refused/).waitFor();
    await plex.getByRole('button', { name: 'Save anyway' }).waitFor();
    expect(await plex.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);

    await plex.getByLabel('Plex server URL').fill(stack.pms.url);
    await plex.getByLabel('Plex token of the server owner').fill('wrong-token');
    await plex.getByRole('button', { name: 'Test' }).click();
    await plex.getByRole('alert').getByText(/refused the token/).waitFor();

    await plex.getByLabel('Plex token of the server owner').fill(stack.pms.token);
    await plex.getByRole('button', { name: 'Test' }).click();
    await plex.getByText(/^Plex works/).waitFor();
    await plex.getByRole('button', { name: 'Save', exact: true }).click();
    await plex.getByRole('heading', { name: /^1\. Connect Plex \(done\)$/ }).waitFor();
  });

  it('connects Overseerr and waits for its test webhook', async () => {
    const overseerr = step(/^2\. Connect Overseerr/);
    await overseerr.getByLabel('Overseerr URL').fill(stack.overseerr.url);
    await overseerr.getByLabel('Overseerr API key').fill('not-the-key');
    await overseerr.getByLabel('Webhook secret').fill(HOOK_SECRET);
    await overseerr.getByRole('button', { name: 'Test' }).click();
    await overseerr.getByRole('alert').getByText(/refused the API key/).waitFor();
    await overseerr.getByLabel('Overseerr API key').fill(stack.overseerr.apiKey);
    await overseerr.getByRole('button', { name: 'Test' }).click();
    await overseerr.getByText(/^Overseerr works: Overseerr 1\.33\.2/).waitFor();
    await overseerr.getByRole('button', { name: 'Save', exact: true }).click();
    await overseerr.getByRole('heading', { name: /^2\. Connect Overseerr \(done\)$/ }).waitFor();

    const webhook = step(/^3\. Set up the webhook/);
    expect(await webhook.getByLabel('Webhook URL').inputValue()).toBe(`${stack.url}/api/v1/webhooks/overseerr`);
    await webhook.getByText("Waiting for Overseerr's test webhook…").waitFor();
    const sent = await stack.overseerr.sendWebhook(`${stack.url}/api/v1/webhooks/overseerr`, { type: 'TEST_NOTIFICATION' }, { authHeader: HOOK_SECRET });
    expect(sent).toBe(204);
    await webhook.getByText(/^Overseerr's test webhook arrived at/).waitFor({ timeout: 15_000 });
    await page.getByText(/^All set: Plex, Overseerr and the webhook work/).waitFor();
  });
});

describe('first run: the admin links Plex and picks the server from the Plex account', () => {
  let stack: Stack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let unanswered: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack({ unconfigured: true }), launchBrowser()]);
    // plex.tv lists the owner's server with three addresses: a direct https one that does not answer
    // (proposed first), Plex's relay, and the local one that works.
    unanswered = `https://127.0.0.1:${await closedPort()}`;
    const relay = `https://127.0.0.1:${await closedPort()}`;
    stack.plextv.shareServer(stack.owner.token, stack.pms.machineIdentifier, {
      owned: true,
      name: 'Living Room',
      connections: [plexTvConnection(relay, { relay: true }), plexTvConnection(stack.pms.url, { local: true }), plexTvConnection(unanswered, { local: true })],
    });
    context = await newContext(browser, stack);
    page = await context.newPage();
  });
  afterAll(async () => {
    const errors = context ? errorsOf(context) : [];
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  const plexStep = () => page.getByRole('region', { name: /^1\. Connect Plex/ });

  it('goes from admin/admin through the password change straight to the checklist', async () => {
    await signInAsAdminChangingPassword(page, stack);

    await page.getByRole('heading', { name: 'Set up MediaNest', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');
    await settle(page);
    // Not linked yet: the URL and token form, and a pointer to the easier way.
    await plexStep().getByLabel('Plex server URL').waitFor();
    await plexStep().getByText(/link your Plex account .* and pick your server from a list/).waitFor();
  });

  it('links the owner’s Plex account although no Plex server is configured yet', async () => {
    await page.getByRole('button', { name: 'Link Plex account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Link your Plex account' });
    const popupOpened = page.waitForEvent('popup');
    await dialog.getByRole('button', { name: 'Continue to Plex' }).click();
    const popup = await popupOpened;
    await popup.waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.owner.token);
    await dialog.getByRole('status').getByText('Your Plex account is linked').waitFor({ timeout: 20_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('lists the server, proposes its direct https address, shows why that fails, and saves the one that works', async () => {
    const step = plexStep();
    await step.getByLabel('Plex server', { exact: true }).waitFor();
    await settle(page);
    expect(await step.getByLabel('Plex server', { exact: true }).locator('option').allTextContents()).toEqual(['Living Room']);
    const addresses = step.getByRole('radio');
    expect(await addresses.count()).toBe(3);
    // Best first: direct https, then plain http, the relay last; the first is chosen.
    expect(await addresses.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual([unanswered, stack.pms.url, expect.stringMatching(/^https:/)]);
    expect(await step.getByRole('radio', { name: new RegExp(`^${unanswered}`) }).isChecked()).toBe(true);
    await step.getByText('through Plex’s relay (slow, a last resort), encrypted').waitFor();
    expect(await seriousViolations(page), describeViolations(await seriousViolations(page))).toEqual([]);

    await step.getByRole('button', { name: 'Test' }).click();
    await step.getByRole('alert').getByText(/Connection refused by 127\.0\.0\.1/).waitFor();
    await step.getByRole('button', { name: 'Save anyway' }).waitFor();
    expect(await step.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);

    await step.getByRole('radio', { name: new RegExp(`^${stack.pms.url}`) }).check();
    await step.getByRole('button', { name: 'Test' }).click();
    await step.getByRole('status').getByText(/^Plex works: Living Room/).waitFor();
    await step.getByRole('button', { name: 'Save', exact: true }).click();
    await step.getByRole('heading', { name: /^1\. Connect Plex \(done\)$/ }).waitFor();

    // The server's token never reached the browser.
    expect(await page.content()).not.toContain(stack.pms.token);
    // The URL and token form is still there on demand, and the picker comes back.
    await step.getByRole('button', { name: 'Enter the URL and token by hand' }).click();
    await step.getByLabel('Plex server URL').waitFor();
    await step.getByRole('button', { name: 'Pick a server from my Plex account instead' }).click();
    await step.getByLabel('Plex server', { exact: true }).waitFor();
  });

  it('saved what was picked: the library of that server is there', async () => {
    await page.goto('/library');
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    const libraries = page.getByRole('region', { name: 'Libraries' });
    for (const title of ['Movies', 'TV Shows']) await libraries.getByRole('link', { name: new RegExp(`^${title}`) }).waitFor();
  });

  it('the audit log says in words which Plex server was connected', async () => {
    await page.goto('/admin/audit-log');
    const sentences = page.getByRole('region', { name: 'Audit log' }).locator('li p.font-medium');
    await expect.poll(() => sentences.allTextContents()).toContain(`admin connected the Plex server Living Room at ${stack.pms.url}`);
  });
});
