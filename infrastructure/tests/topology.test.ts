import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import zlib from 'node:zlib';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freePort, psql, repoRoot, run, startService, tempDir, waitFor, type Service } from './helpers';

// The production topology, natively: nginx with the project's templates (rendered like the
// official image does) and a certificate from a throwaway CA, in front of the built backend
// (real PostgreSQL and Redis) and the web app served by the frontend image's static config.

const backendMain = path.join(repoRoot, 'backend/dist/main.js');
const webIndex = path.join(repoRoot, 'frontend/dist/index.html');

let dir: string;
let db: string;
let ca: Buffer;
const ports = { backend: 0, web: 0, http: 0, https: 0 };
const services: Service[] = [];
let base: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(url: string, options: { method?: string; headers?: Record<string, string>; localAddress?: string; body?: string } = {}): Promise<Reply> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(target, { method: options.method ?? 'GET', headers: options.headers, ca, localAddress: options.localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(15_000, () => req.destroy(new Error(`timeout ${url}`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

async function sh(cmd: string, args: string[], env?: NodeJS.ProcessEnv) {
  const result = await run(cmd, args, { env });
  if (result.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stderr}`);
  return result;
}

async function makeCertificates() {
  const p = (f: string) => path.join(dir, f);
  await sh('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '30', '-subj', '/CN=MediaNest test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', p('ca.key'), '-out', p('ca.pem')]);
  await sh('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost', '-keyout', p('privkey.pem'), '-out', p('server.csr')]);
  fs.writeFileSync(p('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await sh('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '30', '-extfile', p('ext.cnf'), '-out', p('cert.pem')]);
  fs.writeFileSync(p('fullchain.pem'), Buffer.concat([fs.readFileSync(p('cert.pem')), fs.readFileSync(p('ca.pem'))]));
  ca = fs.readFileSync(p('ca.pem'));
}

/** Renders a template folder with render-templates.sh and starts nginx on it with a private prefix. */
async function startNginx(name: string, templates: string, vars: Record<string, string>) {
  const prefix = path.join(dir, name);
  fs.mkdirSync(path.join(prefix, 'run'), { recursive: true });
  fs.mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const env = { PATH: process.env.PATH ?? '', NGINX_RUN_DIR: path.join(prefix, 'run'), NGINX_LOG_DIR: path.join(prefix, 'logs'), ...vars };
  await sh(path.join(repoRoot, 'infrastructure/nginx/render-templates.sh'), [path.join(repoRoot, 'infrastructure/nginx', templates), path.join(prefix, 'conf')], env);
  const conf = path.join(prefix, 'conf/nginx.conf');
  await sh('nginx', ['-t', '-q', '-p', prefix, '-c', conf]);
  const service = startService('nginx', ['-p', prefix, '-c', conf, '-g', 'daemon off;'], env);
  services.push(service);
  return service;
}

beforeAll(async () => {
  // Build check: this test needs the real builds and fails (never skips) without them.
  const missing = [backendMain, webIndex].filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`build first (npm run build): missing ${missing.map((f) => path.relative(repoRoot, f)).join(', ')}`);

  dir = tempDir('topology');
  fs.chmodSync(dir, 0o755); // nginx workers (nobody when run as root) read the ACME webroot
  for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();
  base = `https://localhost:${ports.https}`;
  await makeCertificates();
  db = await createDatabase('medianest_topology');

  const backend = startService('node', [backendMain], {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    PORT: String(ports.backend),
    HOST: '127.0.0.1',
    APP_URL: base,
    DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${db}`,
    REDIS_URL: 'redis://127.0.0.1:6379',
    DATA_DIR: path.join(dir, 'data'),
    JWT_SECRET: 'topology-test-jwt-secret-0123456789abcdef0123456789',
    ENCRYPTION_KEY: '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    METRICS_TOKEN: 'topology-metrics-token-0123456789',
    ADMIN_PASSWORD: 'topology-admin-password',
  });
  services.push(backend);
  await waitFor('the backend', async () => {
    if (backend.child.exitCode !== null) throw new Error(`backend exited:\n${backend.output()}`);
    const res = await request(`http://127.0.0.1:${ports.backend}/api/health`);
    return res.status === 200 ? true : undefined;
  }, 90_000).catch((err) => {
    throw new Error(`${String(err)}\n${backend.output()}`);
  });

  await startNginx('web', 'web', { WEB_PORT: String(ports.web), WEB_ROOT: path.join(repoRoot, 'frontend/dist') });
  fs.mkdirSync(path.join(dir, 'acme/.well-known/acme-challenge'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'acme/.well-known/acme-challenge/token123'), 'token123.thumbprint');
  await startNginx('edge', 'edge', {
    NGINX_HTTP_PORT: String(ports.http),
    NGINX_HTTPS_PORT: String(ports.https),
    SERVER_NAME: 'localhost',
    BACKEND_UPSTREAM: `127.0.0.1:${ports.backend}`,
    FRONTEND_UPSTREAM: `127.0.0.1:${ports.web}`,
    NGINX_RESOLVER: '127.0.0.1',
    SSL_CERTIFICATE: path.join(dir, 'fullchain.pem'),
    SSL_CERTIFICATE_KEY: path.join(dir, 'privkey.pem'),
    SSL_TRUSTED_CERTIFICATE: path.join(dir, 'ca.pem'),
    ACME_WEBROOT: path.join(dir, 'acme'),
    NGINX_STATUS_ALLOW: '172.30.10.0/24',
    // Production defaults are 10r/s, burst 40; a small burst keeps the 429 test quick.
    NGINX_API_RATE: '10r/s',
    NGINX_API_BURST: '10',
  });
  await waitFor('nginx', async () => ((await request(`${base}/api/health`)).status === 200 ? true : undefined), 30_000);
});

afterAll(async () => {
  for (const service of services.reverse()) await service.stop();
  if (db) await dropDatabase(db);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('production topology: nginx (TLS) -> backend + web app', () => {
  it('answers the health check over HTTPS with a certificate from the local CA', async () => {
    const res = await request(`${base}/api/health`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body.toString());
    expect(['ok', 'degraded']).toContain(body.status);
    expect(body.services).toMatchObject({ database: 'healthy', redis: 'healthy' });
  });

  it('redirects plain HTTP to HTTPS, except ACME challenges', async () => {
    const res = await request(`http://localhost:${ports.http}/requests?x=1`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('https://localhost/requests?x=1');
    const challenge = await request(`http://localhost:${ports.http}/.well-known/acme-challenge/token123`);
    expect(challenge.status).toBe(200);
    expect(challenge.body.toString()).toBe('token123.thumbprint');
  });

  it('speaks TLS 1.2 and 1.3 only', async () => {
    const ok = await run('openssl', ['s_client', '-connect', `127.0.0.1:${ports.https}`, '-servername', 'localhost', '-tls1_2', '-CAfile', path.join(dir, 'ca.pem'), '-verify_return_error'], { input: '' });
    expect(ok.code).toBe(0);
    const ok13 = await run('openssl', ['s_client', '-connect', `127.0.0.1:${ports.https}`, '-servername', 'localhost', '-tls1_3'], { input: '' });
    expect(ok13.code).toBe(0);
    const old = await run('openssl', ['s_client', '-connect', `127.0.0.1:${ports.https}`, '-servername', 'localhost', '-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'], { input: '' });
    expect(old.code).not.toBe(0);
  });

  it('sends HSTS and the security headers on the web app and the API, once each', async () => {
    for (const url of [`${base}/`, `${base}/api/health`]) {
      const res = await request(url);
      expect(res.headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers.server).toBe('nginx');
    }
    const page = await request(`${base}/`);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
  });

  it('serves the web app with an SPA fallback, caching and gzip', async () => {
    const index = fs.readFileSync(webIndex);
    const page = await request(`${base}/some/client/route`);
    expect(page.status).toBe(200);
    expect(page.body.equals(index)).toBe(true);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(index.toString())?.[1];
    expect(asset, 'index.html references a JS asset').toBeDefined();
    const js = await request(`${base}${asset}`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(zlib.gunzipSync(js.body).equals(fs.readFileSync(path.join(repoRoot, 'frontend/dist', asset!)))).toBe(true);
    expect((await request(`${base}/assets/missing-file.js`)).status).toBe(404);
  });

  it('never compresses the auth routes, which answer with tokens (BREACH); the rest of the API stays gzipped', async () => {
    // A long avatar URL (Plex's can be) makes the session answers longer than the edge's
    // gzip_min_length (1024), so only the no-compression rule keeps them plain.
    await psql(db, `UPDATE users SET avatar_url = 'https://plex.tv/users/' || repeat('a', 1200) || '/avatar' WHERE username = 'admin'`);
    const gzip = { 'Accept-Encoding': 'gzip' };
    const login = await request(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { ...gzip, 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'topology-admin-password' }),
    });
    expect(login.status).toBe(200);
    expect(login.headers['content-encoding']).toBeUndefined();
    expect(login.body.length).toBeGreaterThan(1024);
    const { accessToken } = JSON.parse(login.body.toString()) as { accessToken: string };
    expect(accessToken).toEqual(expect.any(String));
    const me = await request(`${base}/api/v1/auth/me`, { headers: { ...gzip, Authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(me.headers['content-encoding']).toBeUndefined();
    expect(me.body.length).toBeGreaterThan(1024);
    // Other API answers of that size are still compressed.
    const docs = await request(`${base}/api/docs/openapi.json`, { headers: gzip });
    expect(docs.status).toBe(200);
    expect(docs.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(docs.body).toString())).toHaveProperty('openapi');
  });

  it('serves every API route that answers with an access token from a location without gzip', async () => {
    // The routes come from the backend's own OpenAPI document; the locations from the config nginx runs.
    const doc = JSON.parse((await request(`${base}/api/docs/openapi.json`)).body.toString()) as { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };
    const tokenRoutes = Object.entries(doc.paths)
      .filter(([, ops]) => Object.values(ops).some((op) => Object.entries(op.responses ?? {}).some(([code, r]) => code.startsWith('2') && JSON.stringify(r).includes('"accessToken"'))))
      .map(([p]) => p.replace(/\{[^}]+\}/g, 'x'));
    expect(tokenRoutes).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/invites/x/accept']));
    const conf = fs.readFileSync(path.join(dir, 'edge/conf/nginx.conf'), 'utf8');
    const locations = [...conf.matchAll(/location\s+(~|=|\^~)?\s*(\S+)\s*\{([^}]*)\}/g)].map((m) => ({ kind: m[1] ?? '', pattern: m[2], plain: /gzip\s+off;/.test(m[3]) }));
    for (const route of tokenRoutes) {
      // nginx: an exact match wins, then a regex, then the longest prefix.
      const exact = locations.find((l) => l.kind === '=' && l.pattern === route);
      const regex = locations.find((l) => l.kind === '~' && new RegExp(l.pattern).test(route));
      const prefix = locations.filter((l) => (l.kind === '' || l.kind === '^~') && route.startsWith(l.pattern)).sort((a, b) => b.pattern.length - a.pattern.length)[0];
      const chosen = exact ?? (prefix?.kind === '^~' ? prefix : regex ?? prefix);
      expect({ route, plain: chosen?.plain }).toEqual({ route, plain: true });
    }
  });

  it('proxies /metrics to the backend, which still wants its token', async () => {
    expect((await request(`${base}/metrics`)).status).toBe(401);
    const res = await request(`${base}/metrics`, { headers: { Authorization: 'Bearer topology-metrics-token-0123456789' } });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toContain('http_request_duration_seconds');
  });

  it('carries a Socket.IO client over wss through nginx to the backend', async () => {
    const outcome = await new Promise<string>((resolve) => {
      const socket = io(base, { path: '/socket.io', transports: ['websocket'], ca, auth: { token: 'not-a-valid-token' }, reconnection: false, timeout: 10_000 });
      socket.on('connect', () => { socket.close(); resolve('connected'); });
      socket.on('connect_error', (err) => { socket.close(); resolve(err.message); });
    });
    // The backend's handshake middleware answered: the upgrade went through nginx.
    expect(outcome).toBe('unauthorized');
    const script = await run(path.join(repoRoot, 'scripts/test-websocket-connection.sh'), [`wss://localhost:${ports.https}/socket.io/`, '--cacert', path.join(dir, 'ca.pem')]);
    expect(script.stdout).toMatch(/WebSocket open .* ms/);
    expect(script.stdout).toMatch(/Engine\.IO open, sid \S+/);
    expect(script.stdout).toMatch(/Socket\.IO handshake complete/);
    expect(script.code).toBe(0);
  });

  it('shows /nginx_status to loopback and the compose network only', async () => {
    const local = await request(`http://127.0.0.1:${ports.http}/nginx_status`);
    expect(local.status).toBe(200);
    expect(local.body.toString()).toMatch(/Active connections/);
    // 127.0.0.2 is a loopback address too, but not in the allow-list: it stands for "outside".
    const outside = await request(`http://127.0.0.1:${ports.http}/nginx_status`, { localAddress: '127.0.0.2' });
    expect(outside.status).toBe(403);
  });

  it('limits the API with limit_req: 429 in the contract\'s error shape with Retry-After', async () => {
    await pause(1500); // let the bucket drain after the earlier tests
    const replies = await Promise.all(Array.from({ length: 40 }, () => request(`${base}/api/v1/health`)));
    const limited = replies.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(replies.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    expect(limited[0]!.headers['retry-after']).toBe('1');
    expect(limited[0]!.headers['strict-transport-security']).toBeDefined();
    expect(JSON.parse(limited[0]!.body.toString())).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // The web app is not behind the API limit.
    expect((await request(`${base}/`)).status).toBe(200);
    await pause(2500);
  });

  it('passes final-deployment-verification.sh end to end', async () => {
    const result = await run(path.join(repoRoot, 'scripts/final-deployment-verification.sh'), [
      base, '--http-url', `http://localhost:${ports.http}`, '--cacert', path.join(dir, 'ca.pem'),
    ], { timeoutMs: 120_000 });
    expect(result.stdout + result.stderr).toMatch(/PASS +API rate limit active/);
    expect(result.stdout).toMatch(/0 failed/);
    expect(result.code, result.stdout).toBe(0);
  }, 120_000);

  it('wait-for-services.sh sees the stack ready', async () => {
    const result = await run(path.join(repoRoot, 'scripts/wait-for-services.sh'), ['--timeout', '20', '--tcp', '127.0.0.1:5432', '--http', `${base}/api/health`, '--cacert', path.join(dir, 'ca.pem')]);
    expect(result.stdout).toMatch(/all ready/);
    expect(result.code).toBe(0);
  });
});
