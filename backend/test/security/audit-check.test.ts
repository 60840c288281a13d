import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * scripts/audit-check.mjs, fed saved `npm audit --json` reports: the live
 * audit needs the registry's advisory endpoint, which CI runs as its own step.
 */
const SCRIPT = path.resolve(__dirname, '../../../scripts/audit-check.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-audit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function check(report: unknown, ...flags: string[]): { status: number | null; out: string } {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, typeof report === 'string' ? report : JSON.stringify(report));
  const run = spawnSync(process.execPath, [SCRIPT, '--input', file, ...flags], { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

const counts = (c: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>) => ({
  auditReportVersion: 2,
  vulnerabilities: {},
  metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...c }, dependencies: { prod: 120 } },
});

describe('scripts/audit-check.mjs', () => {
  it('passes a clean report and one with only low or moderate findings', () => {
    expect(check(counts({}))).toMatchObject({ status: 0, out: expect.stringContaining('no high or critical findings') });
    expect(check(counts({ low: 2, moderate: 1 })).status).toBe(0);
  });

  it('fails on a high or critical finding and names the package', () => {
    const report = {
      ...counts({ high: 1 }),
      vulnerabilities: {
        'evil-pkg': { name: 'evil-pkg', severity: 'high', range: '<1.2.3', via: [{ title: 'Prototype pollution in evil-pkg', url: 'https://github.com/advisories/GHSA-xxxx' }], fixAvailable: true },
        'meh-pkg': { name: 'meh-pkg', severity: 'low', range: '*', via: [], fixAvailable: false },
      },
    };
    const result = check(report);
    expect(result.status).toBe(1);
    expect(result.out).toContain('evil-pkg@<1.2.3 - Prototype pollution in evil-pkg');
    expect(result.out).not.toContain('meh-pkg');
    expect(check(counts({ critical: 1 })).status).toBe(1);
  });

  it('tells an unreachable audit endpoint apart from a pass: a marked warning, exit 0, or 2 with --strict', () => {
    const refused = { message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405 };
    const lenient = check(refused);
    expect(lenient.status).toBe(0);
    expect(lenient.out).toMatch(/^AUDIT-UNAVAILABLE: .*405 Method Not Allowed.*NOT checked/m);
    expect(lenient.out).not.toContain('no high or critical findings');
    expect(check(refused, '--strict').status).toBe(2);
    expect(check('npm ERR! something else entirely').out).toContain('AUDIT-UNAVAILABLE');
  });
});
