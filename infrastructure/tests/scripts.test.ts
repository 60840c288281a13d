import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, run, shellScripts, tempDir } from './helpers';

const dirs: string[] = [];
const scratch = (prefix: string) => {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const generate = (dir: string, ...args: string[]) => run(path.join(repoRoot, 'scripts/generate-docker-secrets.sh'), ['--dir', dir, ...args]);
const readAll = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

describe('shell scripts', () => {
  it.each(shellScripts().map((f) => path.relative(repoRoot, f)))('%s is shellcheck clean and executable', async (file) => {
    const result = await run('shellcheck', ['-x', '-P', 'SCRIPTDIR', file]);
    expect(result.stdout + result.stderr).toBe('');
    if (!file.includes('/lib/')) expect(fs.statSync(path.join(repoRoot, file)).mode & 0o111).not.toBe(0);
  });

  it('every operator script prints a usage message on bad arguments', async () => {
    for (const script of ['scripts/backup.sh', 'scripts/restore-backup.sh', 'scripts/test-backup-restore.sh', 'scripts/wait-for-services.sh',
      'scripts/test-websocket-connection.sh', 'scripts/final-deployment-verification.sh', 'scripts/generate-docker-secrets.sh',
      'infrastructure/scripts/setup-ssl-enhanced.sh', 'scripts/backup-scheduler.sh', 'infrastructure/nginx/render-templates.sh']) {
      const result = await run(path.join(repoRoot, script), ['--no-such-option', 'x', 'y', 'z']);
      expect(result.code, script).toBe(2);
      expect(result.stderr, script).toMatch(/usage/i);
    }
  });
});

describe('generate-docker-secrets.sh', () => {
  const composeSecrets = [...fs.readFileSync(path.join(repoRoot, 'docker-compose.prod.yml'), 'utf8').matchAll(/file: \.\/secrets\/(\w+)/g)].map((m) => m[1]!).sort();

  it('creates every secret the compose file mounts, mode 600, and is idempotent', async () => {
    const dir = path.join(scratch('secrets'), 'secrets');
    expect((await generate(dir)).code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(composeSecrets);
    for (const file of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, file)).mode & 0o777, file).toBe(0o600);
    const first = readAll(dir);
    expect(first.admin_password!.trim().length).toBeGreaterThanOrEqual(12);
    expect(first.encryption_key!.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(first.database_url!.trim()).toBe(`postgresql://medianest:${first.postgres_password!.trim()}@postgres:5432/medianest`);
    expect(first.redis_url!.trim()).toBe(`redis://:${first.redis_password!.trim()}@redis:6379/0`);

    const again = await generate(dir);
    expect(again.code).toBe(0);
    expect(readAll(dir)).toEqual(first);
    expect(again.stdout).toMatch(/kept/);
  });

  it('regenerates only with --force and never touches values the operator filled in', async () => {
    const dir = path.join(scratch('secrets'), 'secrets');
    await generate(dir);
    fs.writeFileSync(path.join(dir, 'plex_token'), 'my-plex-token\n');
    const before = readAll(dir);
    expect((await generate(dir, '--force')).code).toBe(0);
    const after = readAll(dir);
    expect(after.plex_token).toBe('my-plex-token\n');
    expect(after.jwt_secret).not.toBe(before.jwt_secret);
    expect(after.database_url!.trim()).toContain(after.postgres_password!.trim());
  });

  it('explains in secrets/README.md the secrets of the seed this design does not need', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'secrets/README.md'), 'utf8');
    for (const name of [...composeSecrets, 'nextauth_secret', 'plex_client_secret']) expect(readme).toContain(`\`${name}\``);
    expect(fs.readFileSync(path.join(repoRoot, 'secrets/.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });
});

describe('validate-env.js', () => {
  async function setup() {
    const dir = scratch('env');
    await generate(path.join(dir, 'secrets'));
    fs.copyFileSync(path.join(repoRoot, 'BACKEND_ENVIRONMENT_TEMPLATE.env'), path.join(dir, '.env'));
    return { dir, validate: () => run('node', [path.join(repoRoot, 'scripts/validate-env.js'), '--env', path.join(dir, '.env'), '--secrets', path.join(dir, 'secrets')]) };
  }

  it('accepts the template with generated secrets', async () => {
    const { validate } = await setup();
    const result = await validate();
    expect(result.stdout).toMatch(/environment OK/);
    expect(result.code).toBe(0);
  });

  it('refuses CORS "*", secrets in .env, malformed values and a weak admin password, naming each', async () => {
    const { dir, validate } = await setup();
    fs.appendFileSync(path.join(dir, '.env'), 'CORS_ORIGINS=*\nJWT_SECRET=abc\nBACKUP_CRON=every night\nPLEX_SERVER_URL=plex.local\nPUBLISH_ADDRESS=localhost\n');
    fs.writeFileSync(path.join(dir, 'secrets/admin_password'), 'admin\n');
    fs.writeFileSync(path.join(dir, 'secrets/encryption_key'), 'too-short\n');
    const result = await validate();
    expect(result.code).toBe(1);
    for (const name of ['CORS_ORIGINS', 'JWT_SECRET', 'BACKUP_CRON', 'PLEX_SERVER_URL', 'PUBLISH_ADDRESS', 'admin_password', 'encryption_key']) expect(result.stdout).toContain(name);
  });

  it('fails before the secrets exist, which is why the guide generates them first', async () => {
    const dir = scratch('env-order');
    fs.copyFileSync(path.join(repoRoot, 'BACKEND_ENVIRONMENT_TEMPLATE.env'), path.join(dir, '.env'));
    const before = await run('node', [path.join(repoRoot, 'scripts/validate-env.js'), '--env', path.join(dir, '.env'), '--secrets', path.join(dir, 'secrets')]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('generate-docker-secrets.sh');
    const guide = fs.readFileSync(path.join(repoRoot, 'docs/DEPLOYMENT.md'), 'utf8');
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    for (const text of [guide, readme]) {
      expect(text.indexOf('./scripts/generate-docker-secrets.sh')).toBeGreaterThan(-1);
      expect(text.indexOf('./scripts/generate-docker-secrets.sh')).toBeLessThan(text.indexOf('./scripts/validate-env.js'));
    }
  });

  it('judges the server\'s variables by the server\'s own rules (env-rules.json), accepting what the server accepts', async () => {
    const rules = JSON.parse(fs.readFileSync(path.join(repoRoot, 'backend/src/config/env-rules.json'), 'utf8')).variables as Record<string, { kind: string }>;
    const { dir, validate } = await setup();
    const env = path.join(dir, '.env');
    const base = fs.readFileSync(env, 'utf8');
    // Values at the edge of what the server takes: all accepted.
    fs.writeFileSync(env, `${base}\nSERVICE_CHECK_INTERVAL_SECONDS=1\nOVERSEERR_SYNC_INTERVAL_SECONDS=1\nLOG_LEVEL=verbose\nADMIN_USERNAME=ops.admin\n`);
    const ok = await validate();
    expect(ok.stdout).toMatch(/environment OK/);
    // Values the server refuses at start: each named.
    fs.writeFileSync(env, `${base}\nSERVICE_CHECK_INTERVAL_SECONDS=0\nLOG_LEVEL=loud\nADMIN_USERNAME=a b\nRATE_LIMIT_API_PER_MINUTE=-1\n`);
    const bad = await validate();
    expect(bad.code).toBe(1);
    for (const name of ['SERVICE_CHECK_INTERVAL_SECONDS', 'LOG_LEVEL', 'ADMIN_USERNAME', 'RATE_LIMIT_API_PER_MINUTE']) expect(bad.stdout).toContain(name);
    // Every secret of the server's rules is refused in .env.
    const secrets = Object.entries(rules).filter(([, r]) => r.kind === 'secret' || r.kind === 'key32').map(([n]) => n);
    fs.writeFileSync(env, `${base}\n${secrets.map((n) => `${n}=x`).join('\n')}\n`);
    const leaked = await validate();
    for (const name of secrets) expect(leaked.stdout).toContain(`${name} must not be in .env`);
  });

  it('covers every variable of the contract in the environment template', () => {
    const template = fs.readFileSync(path.join(repoRoot, 'BACKEND_ENVIRONMENT_TEMPLATE.env'), 'utf8');
    const contract = ['NODE_ENV', 'PORT', 'HOST', 'APP_URL', 'CORS_ORIGINS', 'TRUST_PROXY', 'DATABASE_URL', 'REDIS_URL', 'DATA_DIR', 'JWT_SECRET', 'ENCRYPTION_KEY',
      'METRICS_TOKEN', 'PLEX_TV_URL', 'PLEX_AUTH_APP_URL', 'PLEX_CLIENT_ID', 'PLEX_SERVER_URL', 'PLEX_TOKEN', 'OVERSEERR_URL', 'OVERSEERR_API_KEY',
      'OVERSEERR_WEBHOOK_SECRET', 'UPTIME_KUMA_URL', 'UPTIME_KUMA_STATUS_PAGE', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'ENCRYPTION_KEY_PREVIOUS',
      'SERVICE_CHECK_INTERVAL_SECONDS', 'SERVICE_DEGRADED_MS', 'OVERSEERR_SYNC_INTERVAL_SECONDS', 'RATE_LIMIT_API_PER_MINUTE', 'RATE_LIMIT_AUTH_PER_MINUTE',
      'RATE_LIMIT_MEDIA_REQUESTS_PER_HOUR', 'SOCKET_MAX_CONNECTIONS_PER_USER', 'LOG_LEVEL', 'LOG_DIR', 'PLEX_ACCESS_RECHECK_SECONDS'];
    for (const name of contract) expect(template, name).toMatch(new RegExp(`\\b${name}\\b`));
  });
});

describe('backend image entrypoint', () => {
  it('treats blank variables and empty secret files as unset', async () => {
    const dir = scratch('entry');
    fs.writeFileSync(path.join(dir, 'empty'), '');
    fs.writeFileSync(path.join(dir, 'full'), 'value\n');
    const result = await run('sh', [path.join(repoRoot, 'infrastructure/docker/backend-entrypoint.sh'), 'env'], {
      env: { PATH: process.env.PATH, PLEX_SERVER_URL: '', LOG_LEVEL: 'info', PLEX_TOKEN_FILE: path.join(dir, 'empty'), JWT_SECRET_FILE: path.join(dir, 'full'), OVERSEERR_API_KEY_FILE: path.join(dir, 'missing') },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('LOG_LEVEL=info');
    expect(result.stdout).toContain(`JWT_SECRET_FILE=${path.join(dir, 'full')}`);
    expect(result.stdout).not.toMatch(/PLEX_SERVER_URL|PLEX_TOKEN_FILE|OVERSEERR_API_KEY_FILE/);
  });
});

describe('backup-scheduler.sh cron matching', () => {
  const at = (iso: string) => String(Date.parse(iso) / 1000);
  it.each([
    ['30 3 * * *', '2026-11-26T03:30:00Z', 0],
    ['30 3 * * *', '2026-11-26T03:31:00Z', 1],
    ['*/15 * * * *', '2026-11-26T05:45:00Z', 0],
    ['0 4 * * 0', '2026-11-29T04:00:00Z', 0],
    ['0 4 * * 7', '2026-11-29T04:00:00Z', 0],
    ['0 4 * * 1-5', '2026-11-29T04:00:00Z', 1],
    ['0 4 1,15 * 1', '2026-11-30T04:00:00Z', 0],
  ])('"%s" at %s -> exit %i', async (cron, iso, code) => {
    const result = await run(path.join(repoRoot, 'scripts/backup-scheduler.sh'), ['--matches', cron, at(iso)], { env: { ...process.env, TZ: 'UTC' } });
    expect(result.code).toBe(code);
  });
});

describe('nginx templates and TLS setup', () => {
  it('render-templates.sh refuses to leave a variable unrendered', async () => {
    const out = scratch('render');
    const result = await run(path.join(repoRoot, 'infrastructure/nginx/render-templates.sh'), [path.join(repoRoot, 'infrastructure/nginx/web'), out], { env: { PATH: process.env.PATH, NGINX_RUN_DIR: '/tmp/x' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/WEB_PORT/);
  });

  it('setup-ssl-enhanced.sh --self-signed writes the files nginx is configured with', async () => {
    const dir = scratch('le');
    const result = await run(path.join(repoRoot, 'infrastructure/scripts/setup-ssl-enhanced.sh'), ['medianest.test', 'ops@medianest.test', '--self-signed'], { env: { ...process.env, LETSENCRYPT_DIR: dir } });
    expect(result.code).toBe(0);
    const live = path.join(dir, 'live/medianest.test');
    for (const f of ['fullchain.pem', 'privkey.pem', 'chain.pem']) expect(fs.existsSync(path.join(live, f))).toBe(true);
    expect(fs.statSync(path.join(live, 'privkey.pem')).mode & 0o777).toBe(0o640);
    const text = await run('openssl', ['x509', '-in', path.join(live, 'fullchain.pem'), '-noout', '-ext', 'subjectAltName']);
    expect(text.stdout).toContain('DNS:medianest.test');
  });
});
