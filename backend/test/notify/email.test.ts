import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { User } from '@prisma/client';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

/** Email through a real SMTP server started here (smtp-server), read back with mailparser. */
describe('email notifications over SMTP', () => {
  const arrived: Array<{ mail: ParsedMail; from: string; to: string[] }> = [];
  const logins: Array<{ username?: string; password?: string }> = [];
  let smtp: SMTPServer;
  let port = 0;
  let t: TestApp;
  let ann: User;
  let admin: User;
  const secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-smtp-'));
  const auth = async (u: User) => ({ authorization: `Bearer ${(await t.tokenFor(u)).token}` });

  beforeAll(async () => {
    smtp = new SMTPServer({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onAuth(a, _session, cb) {
        logins.push({ username: a.username, password: a.password ?? undefined });
        if (a.username === 'mailer' && a.password === 'smtp-pass-from-file') cb(null, { user: a.username });
        else cb(new Error('Invalid username or password'));
      },
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('nobody@')) {
          const err = new Error('No such user') as Error & { responseCode: number };
          err.responseCode = 550;
          cb(err);
        } else cb();
      },
      onData(stream, session, cb) {
        simpleParser(stream)
          .then((mail) => {
            arrived.push({ mail, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
    fs.writeFileSync(path.join(secretsDir, 'smtp_password'), 'smtp-pass-from-file\n');
    t = await buildTestApp({
      env: {
        APP_URL: 'https://media.example.test',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(port),
        SMTP_TLS: 'none',
        SMTP_USER: 'mailer',
        SMTP_PASSWORD_FILE: path.join(secretsDir, 'smtp_password'),
        SMTP_FROM: 'MediaNest <medianest@example.test>',
      },
    });
    ann = await t.createUser({ username: 'ann', email: 'ann@example.test' });
    admin = await t.createUser({ username: 'root', role: 'admin', email: 'root@example.test' });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    fs.rmSync(secretsDir, { recursive: true, force: true });
  });

  it('sends HTML and text with the server name, a link to the page and one-click unsubscribe headers', async () => {
    await t.container.notifications.notify(ann.id, { type: 'request.available', title: 'Dune is available', message: 'Dune is now available', data: { requestId: 'abc' } });
    await t.container.notify.worker.drain();
    expect(logins).toEqual([{ username: 'mailer', password: 'smtp-pass-from-file' }]);
    expect(arrived).toHaveLength(1);
    const { mail, from, to } = arrived[0]!;
    expect(from).toBe('medianest@example.test');
    expect(to).toEqual(['ann@example.test']);
    expect(mail.subject).toBe('[MediaNest] Dune is available');
    expect(mail.text).toContain('Dune is now available');
    expect(mail.text).toContain('https://media.example.test/requests/abc');
    expect(mail.html).toContain('<a href="https://media.example.test/requests/abc"');
    const header = (name: string) => mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '').replace(/\r?\n\s+/g, '');
    const url = /^<(.+)>$/.exec(header('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/media\.example\.test\/api\/v1\/notifications\/unsubscribe\?token=/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.html).toContain(url.replace(/&/g, '&amp;'));

    // The page changes nothing; the one-click POST turns email off for request updates only.
    const local = url.replace('https://media.example.test', '');
    const page = await request(t.app).get(local).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect((await t.container.notify.prefs.get(ann.id)).preferences.request).toContain('email');
    await request(t.app).post(local).type('form').send('List-Unsubscribe=One-Click').expect(200);
    const prefs = (await t.container.notify.prefs.get(ann.id)).preferences;
    expect(prefs.request).not.toContain('email');
    expect(prefs.followed).toContain('email');
    await request(t.app).post('/api/v1/notifications/unsubscribe?token=abc.def.ghi').expect(400);
    await request(t.app).post(local.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))).expect(400);

    await t.container.notifications.notify(ann.id, { type: 'request.declined', title: 'Declined', message: 'x' });
    await t.container.notify.worker.drain();
    expect(arrived).toHaveLength(1);
  });

  it('a mailbox the server refuses (550) fails at once, visible to admins', async () => {
    const nobody = await t.createUser({ username: 'nobody', email: 'nobody@example.test' });
    await t.container.notifications.notify(nobody.id, { type: 'follow.available', title: 'X is available', message: 'x' });
    await t.container.notify.worker.drain();
    const failed = await request(t.app).get('/api/v1/admin/notifications/deliveries?status=failed').set(await auth(admin)).expect(200);
    expect(failed.body.items).toEqual([expect.objectContaining({ channel: 'email', attempts: 1, lastError: expect.stringContaining('550') })]);
  });

  it('admin settings show SMTP from the environment without its password', async () => {
    const res = await request(t.app).get('/api/v1/admin/notifications/settings').set(await auth(admin)).expect(200);
    expect(res.body.smtp).toEqual({ host: '127.0.0.1', port, tls: 'none', user: 'mailer', passwordSet: true, from: 'MediaNest <medianest@example.test>', managedByEnv: true });
    expect(JSON.stringify(res.body)).not.toContain('smtp-pass-from-file');
    expect(t.logs.lines.join('\n')).not.toContain('smtp-pass-from-file');
  });
});

describe('SMTP settings stored by an admin', () => {
  let t: TestApp;
  let admin: User;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.createUser({ username: 'root', role: 'admin' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps the password write-only and encrypted; bad values are a 400 and change nothing', async () => {
    const h = { authorization: `Bearer ${(await t.tokenFor(admin)).token}` };
    await request(t.app).put('/api/v1/admin/notifications/settings').set(h).send({ smtp: { port: 70000 } }).expect(400);
    await request(t.app).put('/api/v1/admin/notifications/settings').set(h).send({ smtp: { from: 'no address' } }).expect(400);
    const res = await request(t.app)
      .put('/api/v1/admin/notifications/settings')
      .set(h)
      .send({ smtp: { host: 'smtp.example.test', port: 587, tls: 'starttls', user: 'u', password: 'stored-smtp-secret', from: 'x@example.test' }, serverName: 'Home Plex', digest: { enabled: true, day: 5 } })
      .expect(200);
    expect(res.body).toMatchObject({ smtp: { host: 'smtp.example.test', port: 587, passwordSet: true, managedByEnv: false }, serverName: 'Home Plex', digest: { enabled: true, day: 5 } });
    expect(res.body.vapidPublicKey).toBeNull();
    expect(JSON.stringify(res.body)).not.toContain('stored-smtp-secret');
    const row = await t.container.db.prisma.setting.findUniqueOrThrow({ where: { key: 'notify.smtp.password' } });
    expect(row.encrypted).toBe(true);
    expect(row.value).not.toContain('stored-smtp-secret');
    expect((await t.container.notify.adminSettings.get()).smtp.password).toBe('stored-smtp-secret');
  });
});
