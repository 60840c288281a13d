import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_RULES, FILE_VARIABLES, SCHEMA_VARIABLES, bootstrapPasswordProblem, loadConfig, parseKey32 } from './env';

const KEY = 'a'.repeat(64);
const PROD = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), ENCRYPTION_KEY: KEY, METRICS_TOKEN: 'm'.repeat(20) };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration rules', () => {
  it('reads exactly the variables env-rules.json defines (the validator reads the same file)', () => {
    expect([...SCHEMA_VARIABLES].sort()).toEqual(Object.keys(ENV_RULES).sort());
  });

  it('accepts every secret also as NAME_FILE', () => {
    expect(FILE_VARIABLES).toEqual(expect.arrayContaining(['JWT_SECRET', 'ENCRYPTION_KEY', 'DATABASE_URL', 'PLEX_TOKEN', 'OVERSEERR_API_KEY', 'ADMIN_PASSWORD']));
    expect(FILE_VARIABLES).not.toContain('PORT');
  });

  it('applies the documented defaults', () => {
    const c = loadConfig({ ...PROD });
    expect(c).toMatchObject({ port: 4000, serviceCheckIntervalSeconds: 60, overseerrSyncIntervalSeconds: 300, rateLimitApiPerMinute: 100, rateLimitMediaRequestsPerHour: 20, logLevel: 'info', adminUsername: 'admin' });
  });

  it('names each bad variable on its own line', () => {
    const problems = problemsOf({ ...PROD, PORT: '70000', LOG_LEVEL: 'loud', PLEX_SERVER_URL: 'ftp://x', SERVICE_CHECK_INTERVAL_SECONDS: '0', ADMIN_USERNAME: 'a b' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['ADMIN_USERNAME', 'LOG_LEVEL', 'PLEX_SERVER_URL', 'PORT', 'SERVICE_CHECK_INTERVAL_SECONDS']);
  });

  it('refuses production without its secrets, and a wildcard CORS origin', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).map((p) => p.split(':')[0]).sort()).toEqual(['ENCRYPTION_KEY', 'JWT_SECRET', 'METRICS_TOKEN']);
    expect(problemsOf({ ...PROD, CORS_ORIGINS: '*' })).toEqual([expect.stringContaining('CORS_ORIGINS')]);
  });

  it('reads NAME_FILE, and refuses NAME and NAME_FILE together', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-env-'));
    const file = path.join(dir, 'jwt');
    fs.writeFileSync(file, `${'f'.repeat(40)}\n`);
    expect(loadConfig({ ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: file }).jwtSecret).toBe('f'.repeat(40));
    expect(problemsOf({ ...PROD, JWT_SECRET_FILE: file })).toEqual([expect.stringContaining('set both JWT_SECRET and JWT_SECRET_FILE')]);
    expect(problemsOf({ ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: path.join(dir, 'missing') })).toEqual([expect.stringContaining('JWT_SECRET_FILE: cannot read')]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes 32-byte keys as hex or base64 only', () => {
    expect(parseKey32(KEY)?.length).toBe(32);
    expect(parseKey32(Buffer.alloc(32, 7).toString('base64'))?.length).toBe(32);
    expect(parseKey32('abc')).toBeUndefined();
    expect(parseKey32(Buffer.alloc(31).toString('base64'))).toBeUndefined();
  });

  it('requires a strong bootstrap password in production only', () => {
    expect(bootstrapPasswordProblem(loadConfig({ ...PROD }))).toMatch(/ADMIN_PASSWORD: required/);
    expect(bootstrapPasswordProblem(loadConfig({ ...PROD, ADMIN_PASSWORD: 'short' }))).toMatch(/at least 12/);
    expect(bootstrapPasswordProblem(loadConfig({ ...PROD, ADMIN_PASSWORD: 'a-long-enough-password' }))).toBeUndefined();
  });

  it('accepts exactly the listed values of every enum variable, and a blank one as unset', () => {
    const enums = Object.entries(ENV_RULES).filter(([, r]) => r.kind === 'enum');
    expect(enums.map(([n]) => n).sort()).toEqual(['LOG_LEVEL', 'NODE_ENV', 'SMTP_TLS']);
    for (const [name, rule] of enums) {
      for (const value of rule.values ?? []) expect(problemsOf({ ...PROD, [name]: value }), `${name}=${value}`).toEqual([]);
      for (const bad of ['nope', (rule.values ?? [])[0]!.toUpperCase(), ` ${(rule.values ?? [])[0]}`]) {
        expect(problemsOf({ ...PROD, [name]: bad }).map((p) => p.split(':')[0]), `${name}=${bad}`).toEqual([name]);
      }
    }
    expect(loadConfig({ ...PROD, LOG_LEVEL: '' }).logLevel).toBe('info');
  });

  it('takes NAME_FILE contents as they are apart from one final newline, and never echoes a secret in a problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mn-env-'));
    const file = path.join(dir, 'jwt');
    fs.writeFileSync(file, `${'g'.repeat(40)}\r\n`);
    expect(loadConfig({ ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: file }).jwtSecret).toBe('g'.repeat(40));
    fs.writeFileSync(file, 'tooshort-secret\n');
    const problems = problemsOf({ ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: file });
    expect(problems.map((p) => p.split(':')[0])).toEqual(['JWT_SECRET']);
    expect(problems.join('\n')).not.toContain('tooshort-secret');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
