import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logging/logger';
import { MemoryTransport } from './support/logs';
import { buildTestApp } from './support/test-app';

describe('logging', () => {
  it('redacts configured secrets, sensitive keys, bearer tokens and Plex tokens', () => {
    const logs = new MemoryTransport();
    const logger = createLogger({ level: 'debug', json: true, silent: true, secrets: ['super-secret-value'], transports: [logs] });
    logger.info('calling with super-secret-value inside', {
      password: 'hunter2-password',
      nested: { apiKey: 'abc-api-key', url: 'http://plex:32400/library?X-Plex-Token=tok-123' },
      header: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
    });
    const text = logs.text();
    for (const leaked of ['super-secret-value', 'hunter2-password', 'abc-api-key', 'tok-123', 'eyJhbGciOiJIUzI1NiJ9']) expect(text).not.toContain(leaked);
    expect(text).toContain('[REDACTED]');
  });

  it('writes daily files application-YYYY-MM-DD.log under LOG_DIR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-logs-'));
    const logger = createLogger({ level: 'info', json: true, silent: true, logDir: dir });
    logger.info('hello file');
    await new Promise((r) => setTimeout(r, 300));
    const files = fs.readdirSync(dir).filter((f) => /^application-\d{4}-\d{2}-\d{2}\.log$/.test(f));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, files[0]!), 'utf8')).toContain('hello file');
    logger.close();
  });

  it('keeps serving with an unwritable LOG_DIR and says so once', async () => {
    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mn-logs-')), 'not-a-dir');
    fs.writeFileSync(blocker, 'a file where the log folder should be');
    const t = await buildTestApp({ env: { LOG_DIR: path.join(blocker, 'logs') } });
    try {
      for (let i = 0; i < 3; i++) await request(t.app).get('/api/health').expect(200);
      expect(t.logs.lines.filter((l) => l.includes('log directory is not writable'))).toHaveLength(1);
      expect(t.logs.lines.filter((l) => l.includes('"path":"/api/health"')).length).toBeGreaterThanOrEqual(3);
    } finally {
      await t.close();
    }
  });

  it('never writes the secrets of a running app to its logs', async () => {
    const t = await buildTestApp();
    try {
      const user = await t.createUser();
      const { token } = await t.tokenFor(user);
      await request(t.app).get('/api/v1/notifications').set('Authorization', `Bearer ${token}`).expect(200);
      await request(t.app).get('/metrics').set('Authorization', `Bearer ${t.config.metricsToken}`).expect(200);
      const text = t.logs.text();
      expect(text).toContain('request');
      for (const secret of [...t.secrets, token]) expect(text).not.toContain(secret);
    } finally {
      await t.close();
    }
  });
});
