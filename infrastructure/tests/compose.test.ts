import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, run } from './helpers';

// The stack cannot be started here (no Docker engine), so the compose file is checked as
// Docker would read it: `docker-compose config` resolves anchors, merges and ${VARIABLES},
// and the hardening is asserted on that result for every service.

type Service = Record<string, any>;
let config: { services: Record<string, Service>; networks: Record<string, any>; volumes: Record<string, any>; secrets: Record<string, any> };

const ownImages = ['backend', 'frontend', 'nginx', 'backup'];
const allServices = ['postgres', 'redis', ...ownImages, 'certbot'];
const startPeriods: Record<string, string> = { postgres: '30s', redis: '20s', backend: '1m', frontend: '45s', nginx: '30s', backup: '30s', certbot: '30s' };
const allowedCaps: Record<string, string[]> = {
  postgres: ['CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'SETGID', 'SETUID'],
  redis: ['CHOWN', 'DAC_OVERRIDE', 'SETGID', 'SETUID'],
  certbot: ['CHOWN'],
};

async function composeConfig(env: Record<string, string>) {
  const result = await run('docker-compose', ['-f', 'docker-compose.prod.yml', '--env-file', 'BACKEND_ENVIRONMENT_TEMPLATE.env', 'config'], {
    env: { ...process.env, ...env },
  });
  return result;
}

async function yamlToJson(yaml: string) {
  const result = await run('python3', ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'], { input: yaml });
  if (result.code !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

beforeAll(async () => {
  const result = await composeConfig({ VERSION: 'v9.9.9' });
  if (result.code !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  config = await yamlToJson(result.stdout);
});

describe('docker-compose.prod.yml', () => {
  it('passes `docker-compose config` with the environment template', async () => {
    expect(Object.keys(config.services).sort()).toEqual([...allServices].sort());
  });

  it('is clean for yamllint', async () => {
    const result = await run('yamllint', ['-d', '{extends: default, rules: {line-length: {max: 140}, document-start: disable, truthy: {check-keys: false}}}', 'docker-compose.prod.yml']);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it.each(allServices)('%s: no-new-privileges, all capabilities dropped, read-only root, tmpfs', (name) => {
    const s = config.services[name]!;
    expect(s.security_opt).toContain('no-new-privileges:true');
    expect(s.cap_drop).toEqual(['ALL']);
    expect(s.read_only).toBe(true);
    expect(s.tmpfs?.length).toBeGreaterThan(0);
    for (const cap of s.cap_add ?? []) expect(allowedCaps[name] ?? []).toContain(cap);
    expect(s.privileged).toBeFalsy();
  });

  it.each(allServices)('%s: healthcheck every 30 s, timeout 10 s, 3 retries, start period per the runbook', (name) => {
    const hc = config.services[name]!.healthcheck;
    expect(hc).toMatchObject({ interval: '30s', timeout: '10s', retries: 3, start_period: startPeriods[name] });
    expect(hc.test.length).toBeGreaterThan(1);
  });

  it.each(allServices)('%s: log rotation, resource limits, restart policy, container name', (name) => {
    const s = config.services[name]!;
    expect(s.logging).toMatchObject({ driver: 'json-file', options: { 'max-size': expect.any(String), 'max-file': expect.any(String) } });
    expect(s.mem_limit).toBeTruthy();
    expect(Number(s.cpus)).toBeGreaterThan(0);
    expect(s.pids_limit).toBeGreaterThan(0);
    expect(s.restart).toBe('unless-stopped');
    expect(s.container_name).toBe(`medianest-${name}`);
  });

  it.each(ownImages)('%s: runs as 1001:1001 from medianest/%s:$VERSION built from Dockerfile.prod', (name) => {
    const s = config.services[name]!;
    expect(s.user).toBe('1001:1001');
    expect(s.image).toBe(`medianest/${name}:v9.9.9`);
    expect(s.build).toMatchObject({ dockerfile: 'Dockerfile.prod', target: name });
  });

  it('publishes ports only from nginx, 80 and 443 onto unprivileged ports inside', () => {
    for (const name of allServices.filter((n) => n !== 'nginx')) expect(config.services[name]!.ports).toBeUndefined();
    const ports = config.services.nginx!.ports.map((p: any) => (typeof p === 'string' ? p : `${p.host_ip}:${p.published}:${p.target}/${p.protocol}`));
    expect(ports.sort()).toEqual(['0.0.0.0:443:8443/tcp', '0.0.0.0:80:8080/tcp']);
  });

  it('publishes on the address PUBLISH_ADDRESS names (127.0.0.1 behind another proxy)', async () => {
    const result = await composeConfig({ PUBLISH_ADDRESS: '127.0.0.1', HTTP_PORT: '8081', HTTPS_PORT: '8444' });
    expect(result.code).toBe(0);
    const ports = (await yamlToJson(result.stdout)).services.nginx.ports;
    expect([...ports].sort()).toEqual(['127.0.0.1:8081:8080/tcp', '127.0.0.1:8444:8443/tcp']);
  });

  it('runs certbot as 1001:1001 like nginx, with no capability at all', () => {
    expect(config.services.certbot!.user).toBe('1001:1001');
    expect(config.services.certbot!.cap_add).toBeUndefined();
  });

  it('uses Debian bookworm variants of the official images', () => {
    expect(config.services.postgres!.image).toBe('postgres:15-bookworm');
    expect(config.services.redis!.image).toMatch(/^redis:7\.\d+-bookworm$/);
  });

  it('keeps PostgreSQL and Redis on the internal backend network only', () => {
    expect(config.networks['backend-network']).toMatchObject({ internal: true });
    expect(config.networks['frontend-network']?.internal).toBeFalsy();
    for (const name of ['postgres', 'redis', 'backup']) expect(Object.keys(config.services[name]!.networks)).toEqual(['backend-network']);
    expect(Object.keys(config.services.backend!.networks).sort()).toEqual(['backend-network', 'frontend-network']);
    for (const name of ['frontend', 'nginx', 'certbot']) expect(Object.keys(config.services[name]!.networks)).toEqual(['frontend-network']);
  });

  it('enforces the startup order with healthy dependencies', () => {
    const deps = (name: string) => config.services[name]!.depends_on;
    expect(deps('backend')).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    expect(deps('frontend')).toEqual({ backend: { condition: 'service_healthy' } });
    expect(deps('nginx')).toEqual({ backend: { condition: 'service_healthy' }, frontend: { condition: 'service_healthy' } });
    expect(deps('backup')).toEqual({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it('mounts secrets from ./secrets and hands them to the backend only as *_FILE', () => {
    for (const [name, secret] of Object.entries(config.secrets)) expect(secret.file).toBe(path.join(repoRoot, 'secrets', name));
    const env = config.services.backend!.environment as Record<string, string>;
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'METRICS_TOKEN', 'ADMIN_PASSWORD', 'OVERSEERR_WEBHOOK_SECRET', 'PLEX_TOKEN']) {
      expect(env[name]).toBeUndefined();
      const file = env[`${name}_FILE`]!;
      expect(file).toMatch(/^\/run\/secrets\//);
      const secret = path.basename(file);
      expect(config.services.backend!.secrets.map((s: any) => s.source)).toContain(secret);
    }
    expect(config.services.postgres!.environment.POSTGRES_PASSWORD_FILE).toBe('/run/secrets/postgres_password');
    expect(env.NODE_ENV).toBe('production');
    expect(env.TRUST_PROXY).toBe(config.networks['frontend-network'].ipam.config[0].subnet);
  });

  it('keeps data in named volumes and the runbook\'s host folders for logs and backups', () => {
    expect(Object.keys(config.volumes).sort()).toEqual(['backend-data', 'certbot-webroot', 'postgres-data', 'redis-data']);
    const volumes = (name: string) =>
      config.services[name]!.volumes.map((v: any) => (typeof v === 'string' ? v.replace(/:(rw|ro)$/, '') : `${v.source}:${v.target}`));
    expect(volumes('postgres')).toContain('postgres-data:/var/lib/postgresql/data');
    expect(volumes('postgres')).toContain(`${repoRoot}/logs/postgres:/var/log/postgresql`);
    expect(volumes('redis')).toContain(`${repoRoot}/logs/redis:/var/log/redis`);
    expect(volumes('nginx')).toContain(`${repoRoot}/logs/nginx:/var/log/nginx`);
    expect(volumes('backend')).toContain(`${repoRoot}/logs/backend:/app/logs`);
    expect(volumes('backup')).toContain(`${repoRoot}/backups:/backups`);
  });

  it('refuses to render without a DOMAIN', async () => {
    const result = await run('docker-compose', ['-f', 'docker-compose.prod.yml', 'config'], { env: { PATH: process.env.PATH ?? '' } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/DOMAIN/);
  });
});

describe('Dockerfile.prod', () => {
  const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile.prod'), 'utf8');
  const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  const stages = new Map<string, string[]>();
  let current = '';
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      current = from[2] ?? from[1]!;
      stages.set(current, [line]);
    } else if (current) stages.get(current)!.push(line);
  }

  it('has the four targets and runs Node 24, all on Debian bookworm', () => {
    for (const target of ownImages) expect(stages.has(target)).toBe(true);
    expect(dockerfile).toMatch(/ARG NODE_IMAGE=node:24-bookworm-slim\n/);
    expect(dockerfile).toMatch(/ARG NGINX_IMAGE=nginx:[\d.]+-bookworm\n/);
    expect(dockerfile).toMatch(/ARG DEBIAN_IMAGE=debian:bookworm-slim\n/);
    expect(dockerfile).not.toMatch(/alpine|apk /);
  });

  it.each(ownImages)('%s is labelled with the VERSION it was built for (rollbacks read it back)', (target) => {
    expect(stages.get(target)!.slice(-2)).toEqual([
      'ARG VERSION=latest',
      `LABEL org.opencontainers.image.title="medianest-${target}" org.opencontainers.image.version=$VERSION`,
    ]);
  });

  it('installs dependencies with npm ci exactly once and ships production dependencies only', () => {
    expect(instructions.join('\n').match(/npm ci\b/g)).toHaveLength(1);
    expect(stages.get('build')!.join('\n')).toMatch(/npm prune --omit=dev/);
    expect(stages.get('backend')!.join('\n')).toMatch(/COPY --from=build \/app\/node_modules/);
  });

  it.each(ownImages)('%s runs as 1001:1001 and has a HEALTHCHECK', (target) => {
    const lines = stages.get(target)!;
    expect(lines).toContain('USER 1001:1001');
    expect(lines.some((l) => l.startsWith('HEALTHCHECK --interval=30s --timeout=10s'))).toBe(true);
  });

  it('puts no secret into a layer', () => {
    for (const line of instructions.filter((l) => /^(ENV|ARG)\b/.test(l))) {
      expect(line).not.toMatch(/(PASSWORD|SECRET|TOKEN|_KEY)\s*=/i);
    }
    const ignore = fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['secrets/', '.env', '.env.*', '**/node_modules', '.git', 'backups/', 'logs/']) expect(ignore).toContain(entry);
  });

  it('copies only files that exist in the repository', () => {
    for (const line of instructions.filter((l) => /^COPY\s/.test(l) && !l.includes('--from='))) {
      const parts = line.split(/\s+/).slice(1).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) expect(fs.existsSync(path.join(repoRoot, source)), source).toBe(true);
    }
  });
});

describe('compose test stand-ins (infrastructure/compose-test)', () => {
  it('imitate every base image Dockerfile.prod and docker-compose.prod.yml name, so CI never pulls', () => {
    const script = fs.readFileSync(path.join(repoRoot, 'infrastructure/compose-test/lib/standins.sh'), 'utf8');
    const tags = /STANDIN_TAGS=\(([^)]*)\)/.exec(script)![1]!.split(/\s+/).filter(Boolean);
    const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile.prod'), 'utf8');
    const bases = [...dockerfile.matchAll(/^ARG \w+_IMAGE=(\S+)$/gm)].map((m) => m[1]!);
    expect(bases.length).toBe(3);
    const pulled = ['postgres', 'redis', 'certbot'].map((name) => config.services[name]!.image as string);
    for (const image of [...bases, ...pulled]) expect(tags, image).toContain(image);
    for (const tag of tags.filter((t) => t !== 'debian:bookworm-slim')) {
      const dir = tag.split(/[:/]/)[tag.startsWith('certbot/') ? 1 : 0]!;
      expect(fs.existsSync(path.join(repoRoot, 'infrastructure/compose-test/standins', dir, 'Dockerfile')), tag).toBe(true);
    }
  });
});
