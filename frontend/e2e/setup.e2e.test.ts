import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, errorsOf, launchBrowser, newContext, seriousViolations, settle, signInAsAdmin } from './support/browser';
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
