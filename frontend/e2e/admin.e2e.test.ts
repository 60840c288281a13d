import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, launchBrowser, newContext, signInAsAdmin, signInWithPlexApi } from './support/browser';
import { type Stack, startStack } from './support/stack';

function userRow(page: Page, username: string) {
  return page.getByRole('region', { name: 'Users' }).getByRole('listitem').filter({ has: page.getByText(username, { exact: true }) });
}

describe('admin user management', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let admin: Page;
  let carol: Page;
  let dave: Page;

  async function signedInPage(signIn: (context: BrowserContext) => Promise<unknown>, route: string): Promise<Page> {
    const context = await newContext(browser, stack);
    contexts.push(context);
    await signIn(context);
    const page = await context.newPage();
    await page.goto(route);
    return page;
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
    const [carolAccount, daveAccount] = [stack.friends[2]!, stack.friends[3]!];
    carol = await signedInPage((c) => signInWithPlexApi(c, stack, carolAccount), '/');
    dave = await signedInPage((c) => signInWithPlexApi(c, stack, daveAccount), '/requests');
    await carol.getByRole('heading', { name: /, carol$/ }).waitFor();
    await dave.getByRole('heading', { name: 'My requests', level: 1 }).waitFor();
    admin = await signedInPage((c) => signInAsAdmin(c, stack), '/admin');
  });
  afterAll(async () => {
    const errors = contexts.flatMap((c) => errorsOf(c));
    await browser?.close();
    await stack?.close();
    expect(errors, 'uncaught errors in the pages').toEqual([]);
  });

  it('lists every user, and finds them by name', async () => {
    await admin.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/admin/users');
    await admin.getByText('3 users').waitFor();
    for (const name of ['admin', 'carol', 'dave']) await userRow(admin, name).waitFor();
    // An admin cannot lock themselves out from here.
    const self = userRow(admin, 'admin');
    await self.getByText('You', { exact: true }).waitFor();
    expect(await self.getByRole('button', { name: /^Suspend/ }).isDisabled()).toBe(true);
    expect(await self.getByLabel('Role for admin').isDisabled()).toBe(true);

    await admin.getByLabel('Search users').fill('car');
    await admin.getByText('1 user', { exact: true }).waitFor();
    await userRow(admin, 'carol').waitFor();
    expect(await userRow(admin, 'dave').count()).toBe(0);
    await admin.getByLabel('Search users').fill('nobody-by-that-name');
    await admin.getByText('No users match "nobody-by-that-name"').waitFor();
    await admin.getByLabel('Search users').fill('');
    await admin.getByText('3 users').waitFor();
  });

  it('makes a user an admin and back; their open app follows along', async () => {
    await userRow(admin, 'carol').getByLabel('Role for carol').selectOption('admin');
    await admin.getByText('carol is now an admin').waitFor();
    // Carol's session is refreshed with her new role: the Admin section appears without a reload.
    await carol.getByRole('link', { name: 'Admin' }).waitFor({ timeout: 20_000 });

    await userRow(admin, 'carol').getByLabel('Role for carol').selectOption('user');
    await admin.getByText('carol is now a user').waitFor();
    await expect.poll(() => carol.getByRole('link', { name: 'Admin' }).count(), { timeout: 20_000 }).toBe(0);
    expect(await userRow(admin, 'carol').getByLabel('Role for carol').inputValue()).toBe('user');
  });

  it('suspends a user and sends their open session back to sign-in', async () => {
    await userRow(admin, 'dave').getByRole('button', { name: 'Suspend dave' }).click();
    await admin.getByRole('dialog', { name: 'Suspend dave?' }).getByRole('button', { name: 'Suspend dave' }).click();
    await admin.getByText('dave is suspended and signed out').waitFor();
    await userRow(admin, 'dave').getByText('Suspended', { exact: true }).waitFor();

    await dave.waitForURL((url) => url.pathname === '/sign-in', { timeout: 20_000 });
    await dave.getByRole('heading', { name: 'Sign in to MediaNest' }).waitFor();
    await dave.getByText('Your session ended. Sign in again to pick up where you left off.').waitFor();
    // And the session is really gone, not just hidden.
    expect((await dave.context().request.post('/api/v1/auth/refresh')).status()).toBe(401);
    // Signing in again with Plex says why it cannot work.
    const popupOpened = dave.waitForEvent('popup');
    await dave.getByRole('button', { name: 'Sign in with Plex' }).click();
    await (await popupOpened).waitForURL((url) => url.pathname === '/auth');
    stack.plextv.approvePin(stack.plextv.lastPin!.id, stack.friends[3]!.token);
    await dave.getByRole('alert').getByText('This account is suspended').waitFor({ timeout: 20_000 });

    await userRow(admin, 'dave').getByRole('button', { name: 'Reactivate dave' }).click();
    await admin.getByText('dave can sign in again').waitFor();
    await expect.poll(() => userRow(admin, 'dave').getByText('Suspended', { exact: true }).count()).toBe(0);
  });

  it('deletes a user only after confirmation', async () => {
    await userRow(admin, 'carol').getByRole('button', { name: 'Delete carol' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Delete carol?' });
    await dialog.getByText('This removes their account, sessions and requests for good.').waitFor();
    await dialog.getByRole('button', { name: 'Keep user' }).click();
    await dialog.waitFor({ state: 'detached' });
    await userRow(admin, 'carol').waitFor();

    await userRow(admin, 'carol').getByRole('button', { name: 'Delete carol' }).click();
    await dialog.getByRole('button', { name: 'Delete user' }).click();
    await admin.getByText('carol was deleted').waitFor();
    await admin.getByText('2 users').waitFor();
    expect(await userRow(admin, 'carol').count()).toBe(0);
    await carol.waitForURL((url) => url.pathname === '/sign-in', { timeout: 20_000 });
  });

  it('records what happened in the audit log', async () => {
    await admin.getByRole('link', { name: 'Audit log' }).click();
    const log = admin.getByRole('region', { name: 'Audit log' });
    await log.waitFor();
    // Entries read as sentences, people by name.
    const sentences = log.locator('li p.font-medium');
    await expect.poll(() => sentences.allTextContents()).toEqual(
      expect.arrayContaining(['admin deleted carol', 'admin suspended dave', 'admin reactivated dave', 'admin changed their password', 'admin signed in with a password']),
    );
    // Newest first.
    expect(await sentences.first().textContent()).toBe('admin deleted carol');
    // Filter: sign-ins only.
    await log.getByLabel('Show').selectOption('auth');
    await expect.poll(async () => (await sentences.allTextContents()).includes('admin deleted carol')).toBe(false);
    expect(await sentences.allTextContents()).toContain('admin signed in with a password');
  });

  it('saves SMTP settings (the password never shown again), sends an announcement and lists its email as sent', async () => {
    // A real SMTP server on this machine, as a home relay would be.
    const logins: Array<{ username: string; password: string | undefined }> = [];
    const arrived: Array<{ to: string[]; subject: string; text: string }> = [];
    const smtp = new SMTPServer({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(auth, _session, cb) {
        logins.push({ username: auth.username ?? '', password: auth.password ?? undefined });
        if (auth.username === 'mailer' && auth.password === SMTP_PASSWORD) cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        simpleParser(stream)
          .then((mail) => {
            arrived.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    try {
      await admin.goto('/admin/notifications');
      await admin.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
      const email = admin.getByRole('region', { name: 'Email and server name' });
      await email.getByLabel('SMTP host').fill('127.0.0.1');
      await email.getByLabel('Port').fill(String(port));
      await email.getByLabel('TLS').selectOption('none');
      await email.getByLabel('User', { exact: true }).fill('mailer');
      await email.getByLabel('Password').fill(SMTP_PASSWORD);
      await email.getByLabel('From address').fill('Family Plex <plex@example.test>');
      await email.getByLabel('Server name').fill('Family Plex');
      await email.getByRole('button', { name: 'Save' }).click();
      await admin.getByText('Notification settings saved').waitFor();
      expect(await email.getByLabel('Password').inputValue()).toBe('');

      // After a reload the settings are there; the password is not, only that one is set.
      await admin.reload();
      await email.getByLabel('SMTP host').waitFor();
      expect(await email.getByLabel('SMTP host').inputValue()).toBe('127.0.0.1');
      expect(await email.getByLabel('Port').inputValue()).toBe(String(port));
      expect(await email.getByLabel('TLS').inputValue()).toBe('none');
      expect(await email.getByLabel('User', { exact: true }).inputValue()).toBe('mailer');
      expect(await email.getByLabel('From address').inputValue()).toBe('Family Plex <plex@example.test>');
      expect(await email.getByLabel('Password').inputValue()).toBe('');
      await email.getByText('A password is set; leave empty to keep it').waitFor();
      expect(await admin.content()).not.toContain(SMTP_PASSWORD);

      // The announcement reaches dave (carol was deleted; the admin has no email address) by email.
      const announcement = admin.getByRole('region', { name: 'Announcement' });
      await announcement.getByLabel('Title').fill('Plex maintenance tonight');
      await announcement.getByLabel('Message').fill('The server restarts at 23:00 for an update.');
      await announcement.getByRole('button', { name: 'Send to everyone' }).click();
      await admin.getByText('Announcement sent to 2 people').waitFor();

      const deliveries = admin.getByRole('list', { name: 'Deliveries' });
      const delivery = deliveries.getByRole('listitem').filter({ hasText: 'Email · Plex maintenance tonight' });
      await delivery.getByText('Sent', { exact: true }).waitFor({ timeout: 30_000 });
      expect(arrived).toEqual([expect.objectContaining({ to: ['dave@example.com'], subject: '[Family Plex] Plex maintenance tonight' })]);
      expect(arrived[0]!.text).toContain('The server restarts at 23:00 for an update.');
      expect(logins).toContainEqual({ username: 'mailer', password: SMTP_PASSWORD });
      await admin.getByTestId('delivery-counts').getByText(/1 sent/).waitFor();

      // The audit log says it in words.
      await admin.getByRole('link', { name: 'Audit log' }).click();
      const sentences = admin.getByRole('region', { name: 'Audit log' }).locator('li p.font-medium');
      await expect.poll(() => sentences.allTextContents()).toEqual(expect.arrayContaining(['admin sent the announcement “Plex maintenance tonight”']));
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });
});

const SMTP_PASSWORD = 'e2e-smtp-secret-7c41';
