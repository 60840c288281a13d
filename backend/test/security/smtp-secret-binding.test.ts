import type { AddressInfo } from 'node:net';
import type { User } from '@prisma/client';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * The SMTP password an admin stores is bound to where it was saved for (TLS
 * mode, host, port), like the Plex token and the Overseerr API key are bound
 * to their URL's origin (secret-binding.test.ts): moving SMTP elsewhere without
 * giving the password again clears it, and it never reaches the new server.
 */
describe('a stored SMTP password is bound to its host, port and TLS mode', () => {
  const SECRET = 'smtp-owner-password-bound-0003';
  const logins: Array<{ username?: string; password?: string }> = [];
  let connections = 0;
  let attacker: SMTPServer;
  let attackerPort = 0;
  let t: TestApp;
  let admin: User;
  let ann: User;
  let auth: { authorization: string };
  const put = (body: object) => request(t.app).put('/api/v1/admin/notifications/settings').set(auth).send(body);
  const storedPassword = () => t.container.db.prisma.setting.count({ where: { key: 'notify.smtp.password' } });

  beforeAll(async () => {
    // An SMTP server that accepts any login and records what it was given stands in for the attacker's host.
    attacker = new SMTPServer({
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      onConnect(_session, cb) {
        connections += 1;
        cb();
      },
      onAuth(a, _session, cb) {
        logins.push({ username: a.username, password: a.password ?? undefined });
        cb(null, { user: a.username });
      },
      onData(stream, _session, cb) {
        stream.on('end', () => cb());
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerPort = (attacker.server.address() as AddressInfo).port;
    t = await buildTestApp();
    admin = await t.createUser({ username: 'root', role: 'admin' });
    ann = await t.createUser({ username: 'ann', email: 'ann@example.test' });
    auth = { authorization: `Bearer ${(await t.tokenFor(admin)).token}` };
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => attacker.close(() => resolve()));
  });

  beforeEach(async () => {
    const res = await put({ smtp: { host: 'mail.example.test', port: 2525, tls: 'none', user: 'mailer', password: SECRET, from: 'MediaNest <mn@example.test>' } }).expect(200);
    expect(res.body.smtp.passwordSet).toBe(true);
  });

  it('is cleared when the host moves without a new password, never reaches the new host, and the audit names it', async () => {
    const res = await put({ smtp: { host: '127.0.0.1', port: attackerPort } }).expect(200);
    // The admin UI learns it the way it does for the Plex token: the answer says the secret is no longer set.
    expect(res.body.smtp).toMatchObject({ host: '127.0.0.1', port: attackerPort, user: 'mailer', passwordSet: false });
    expect(await storedPassword()).toBe(0);
    expect((await request(t.app).get('/api/v1/admin/notifications/settings').set(auth).expect(200)).body.smtp.passwordSet).toBe(false);

    const entry = await t.container.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'notifications.settings_changed' }, orderBy: { createdAt: 'desc' } });
    expect(entry.details).toEqual({ fields: ['smtp'], clearedSecrets: ['notify.smtp.password'] });
    expect(JSON.stringify(await t.container.db.prisma.auditLog.findMany())).not.toContain(SECRET);

    // Mail still goes out through the new host, without the old password.
    logins.length = 0;
    connections = 0;
    await t.container.notifications.notify(ann.id, { type: 'request.available', title: 'Dune is available', message: 'Dune is now available' });
    await t.container.notify.worker.drain();
    expect(connections).toBeGreaterThan(0);
    expect(JSON.stringify(logins)).not.toContain(SECRET);
  });

  it('is cleared by another port or another TLS mode too', async () => {
    for (const moved of [{ port: 2526 }, { tls: 'tls' }, { tls: 'starttls' }, { host: 'MAIL.example.test', port: null }]) {
      const res = await put({ smtp: moved }).expect(200);
      expect(res.body.smtp.passwordSet, JSON.stringify(moved)).toBe(false);
      await put({ smtp: { host: 'mail.example.test', port: 2525, tls: 'none', password: SECRET } }).expect(200);
    }
  });

  it('stays when the destination does not change (host case, echoed values, other fields)', async () => {
    const res = await put({ smtp: { host: 'MAIL.Example.test', port: 2525, tls: 'none', user: 'mailer2', from: 'Other <o@example.test>' }, serverName: 'Home' }).expect(200);
    expect(res.body.smtp.passwordSet).toBe(true);
    expect((await t.container.notify.adminSettings.get()).smtp.password).toBe(SECRET);
    const entry = await t.container.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'notifications.settings_changed' }, orderBy: { createdAt: 'desc' } });
    expect(entry.details).toEqual({ fields: ['smtp', 'serverName'] });
  });

  it('moves with the host when a new password is given in the same update', async () => {
    const res = await put({ smtp: { host: 'mail2.example.test', password: `${SECRET}-new` } }).expect(200);
    expect(res.body.smtp.passwordSet).toBe(true);
    expect((await t.container.notify.adminSettings.get()).smtp.password).toBe(`${SECRET}-new`);
  });

  it('is not handed out when the host row was changed behind the settings API', async () => {
    await t.container.db.prisma.setting.update({ where: { key: 'notify.smtp.host' }, data: { value: '127.0.0.1' } });
    await t.container.db.prisma.setting.update({ where: { key: 'notify.smtp.port' }, data: { value: String(attackerPort) } });
    const res = await request(t.app).get('/api/v1/admin/notifications/settings').set(auth).expect(200);
    expect(res.body.smtp.passwordSet).toBe(false);
    logins.length = 0;
    connections = 0;
    await t.container.notifications.notify(ann.id, { type: 'request.available', title: 'Dune is available', message: 'x' });
    await t.container.notify.worker.drain();
    expect(connections).toBeGreaterThan(0);
    expect(JSON.stringify(logins)).not.toContain(SECRET);
  });
});
