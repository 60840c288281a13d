import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../support/test-app';

/**
 * The log disk fills up while the server runs. A real 16 KiB tmpfs when this
 * machine lets us mount one (root with CAP_SYS_ADMIN, as in CI containers);
 * otherwise today's log file is a link to /dev/full, which fails every write
 * with the same ENOSPC. (The unwritable-LOG_DIR case is in test/logging.test.ts.)
 */
describe('log disk full', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-logs-full-'));
  let mounted = false;
  let t: TestApp;

  beforeAll(async () => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' });
      mounted = true;
    } catch {
      const now = new Date();
      const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
      fs.symlinkSync('/dev/full', path.join(dir, `application-${day}.log`));
    }
    t = await buildTestApp({ env: { LOG_DIR: dir, LOG_LEVEL: 'debug', RATE_LIMIT_API_PER_MINUTE: '100000' } });
  });

  afterAll(async () => {
    await t?.close();
    if (mounted) execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps serving and says so once when the log files can no longer be written', async () => {
    const user = await t.createUser();
    const { token } = await t.tokenFor(user);
    // Each request logs a line; a few hundred are far more than 16 KiB.
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const batch = await Promise.all([
        fetch(`${t.url}/api/health`),
        fetch(`${t.url}/api/v1/notifications`, { headers: { authorization: `Bearer ${token}` } }),
        fetch(`${t.url}/api/v1/no-such-route`),
        fetch(`${t.url}/api/v1/notifications`),
      ]);
      statuses.push(...batch.map((r) => r.status));
      await Promise.all(batch.map((r) => r.arrayBuffer()));
    }
    expect(statuses.filter((s) => ![200, 401, 404].includes(s))).toEqual([]);

    const reports = t.logs.lines.filter((l) => l.includes('log directory is not writable'));
    expect(reports).toHaveLength(1);
    expect(JSON.parse(reports[0]!)).toMatchObject({ level: 'error', reason: 'ENOSPC' });
    // Still logging where it can, and still serving.
    expect(t.logs.lines.filter((l) => l.includes('"path":"/api/health"')).length).toBeGreaterThanOrEqual(60);
    expect((await fetch(`${t.url}/api/health`)).status).toBe(200);
  });
});
