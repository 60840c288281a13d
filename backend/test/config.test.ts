import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bootstrapPasswordProblem, ConfigError, loadConfig } from '../src/config/env';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'mn-config-'));
const KEY = 'a'.repeat(64);
const PROD = { NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), ENCRYPTION_KEY: KEY, METRICS_TOKEN: 'm'.repeat(20) };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ DATA_DIR: tmp(), ...env } as NodeJS.ProcessEnv);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('applies the documented defaults in development', () => {
    const config = loadConfig({ DATA_DIR: tmp() } as NodeJS.ProcessEnv);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 4000,
      host: '0.0.0.0',
      appUrl: 'http://localhost:4000',
      corsOrigins: ['http://localhost:4000'],
      trustProxy: 'loopback',
      plexTvUrl: 'https://plex.tv',
      plexAuthAppUrl: 'https://app.plex.tv/auth',
      adminUsername: 'admin',
      adminPassword: 'admin',
      serviceCheckIntervalSeconds: 60,
      serviceDegradedMs: 2000,
      overseerrSyncIntervalSeconds: 300,
      plexAccessRecheckSeconds: 3600,
      rateLimitApiPerMinute: 100,
      rateLimitAuthPerMinute: 10,
      rateLimitMediaRequestsPerHour: 20,
      logLevel: 'info',
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
  });

  it('generates development secrets once and keeps them under DATA_DIR', () => {
    const dir = tmp();
    const first = loadConfig({ DATA_DIR: dir } as NodeJS.ProcessEnv);
    const second = loadConfig({ DATA_DIR: dir } as NodeJS.ProcessEnv);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(second.metricsToken).toBe(first.metricsToken);
    const stat = fs.statSync(path.join(dir, 'dev-secrets.json'));
    expect(stat.mode & 0o077).toBe(0);
  });

  it('refuses to start in production without its secrets, one line per variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^JWT_SECRET: /m);
    expect(problems.join('\n')).toMatch(/^ENCRYPTION_KEY: /m);
    expect(problems.join('\n')).toMatch(/^METRICS_TOKEN: /m);
  });

  it('requires a strong bootstrap password in production', () => {
    expect(bootstrapPasswordProblem(loadConfig({ DATA_DIR: tmp(), ...PROD } as NodeJS.ProcessEnv))).toMatch(/^ADMIN_PASSWORD: /);
    expect(bootstrapPasswordProblem(loadConfig({ DATA_DIR: tmp(), ...PROD, ADMIN_PASSWORD: 'short' } as NodeJS.ProcessEnv))).toMatch(/12 characters/);
    expect(bootstrapPasswordProblem(loadConfig({ DATA_DIR: tmp(), ...PROD, ADMIN_PASSWORD: 'a-long-enough-password' } as NodeJS.ProcessEnv))).toBeUndefined();
    expect(bootstrapPasswordProblem(loadConfig({ DATA_DIR: tmp() } as NodeJS.ProcessEnv))).toBeUndefined();
  });

  it('reads NAME_FILE secrets, trimming the trailing newline', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'jwt'), `${'s'.repeat(40)}\n`);
    fs.writeFileSync(path.join(dir, 'db'), 'postgresql://u:p@db:5432/medianest\n');
    const config = loadConfig({ DATA_DIR: dir, ...PROD, JWT_SECRET: undefined, JWT_SECRET_FILE: path.join(dir, 'jwt'), DATABASE_URL_FILE: path.join(dir, 'db') } as unknown as NodeJS.ProcessEnv);
    expect(config.jwtSecret).toBe('s'.repeat(40));
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/medianest');
  });

  it('rejects both NAME and NAME_FILE, and an unreadable file, naming the variable', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'key'), KEY);
    expect(problemsOf({ ENCRYPTION_KEY: KEY, ENCRYPTION_KEY_FILE: path.join(dir, 'key') })).toEqual([expect.stringMatching(/^ENCRYPTION_KEY: set both/)]);
    expect(problemsOf({ METRICS_TOKEN_FILE: path.join(dir, 'missing') })).toEqual([expect.stringMatching(/^METRICS_TOKEN_FILE: cannot read/)]);
  });

  it('names each malformed variable', () => {
    const problems = problemsOf({ PORT: 'eighty', DATABASE_URL: 'mysql://x', ENCRYPTION_KEY: 'short', LOG_LEVEL: 'loud', NODE_ENV: 'staging', PLEX_SERVER_URL: 'ftp://plex' });
    const text = problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'ENCRYPTION_KEY', 'LOG_LEVEL', 'NODE_ENV', 'PLEX_SERVER_URL']) expect(text).toMatch(new RegExp(`^${name}: `, 'm'));
  });

  it('accepts any PLEX_ACCESS_RECHECK_SECONDS from 1 and refuses 0', () => {
    expect(loadConfig({ DATA_DIR: tmp(), PLEX_ACCESS_RECHECK_SECONDS: '1' } as NodeJS.ProcessEnv).plexAccessRecheckSeconds).toBe(1);
    expect(loadConfig({ DATA_DIR: tmp(), PLEX_ACCESS_RECHECK_SECONDS: '7776000' } as NodeJS.ProcessEnv).plexAccessRecheckSeconds).toBe(7776000);
    expect(problemsOf({ PLEX_ACCESS_RECHECK_SECONDS: '0' }).join('\n')).toMatch(/^PLEX_ACCESS_RECHECK_SECONDS: /m);
  });

  it('refuses CORS_ORIGINS=* and accepts a list', () => {
    expect(problemsOf({ CORS_ORIGINS: '*' })).toEqual([expect.stringMatching(/^CORS_ORIGINS: /)]);
    const config = loadConfig({ DATA_DIR: tmp(), CORS_ORIGINS: 'https://a.example, https://b.example/' } as NodeJS.ProcessEnv);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it('accepts a base64 encryption key of 32 bytes', () => {
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ DATA_DIR: tmp(), ENCRYPTION_KEY: b64 } as NodeJS.ProcessEnv).encryptionKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });
});
