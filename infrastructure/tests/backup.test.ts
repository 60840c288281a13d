import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, dropDatabase, freePort, PG, psql, repoRoot, run, startService, tempDir, waitFor, type Service } from './helpers';

// Round trip against the real PostgreSQL (a database of its own), a private redis-server and
// a files folder: seed, back up, wipe, restore, every row back; tampered or wrongly keyed
// archives are refused and restore nothing.

let db: string;
let dir: string;
let redis: Service;
let redisPort: number;
let env: NodeJS.ProcessEnv;

const script = (name: string, ...args: string[]) => run(path.join(repoRoot, 'scripts', name), args, { env });
const archives = (kind: string) => fs.readdirSync(path.join(dir, 'backups', kind)).filter((f) => f.endsWith('.gpg')).sort();
const redisCli = (...args: string[]) => run('redis-cli', ['-p', String(redisPort), ...args]);

const seedSql = `
  CREATE TYPE mood AS ENUM ('happy', 'sad');
  CREATE TABLE people (id serial PRIMARY KEY, name text NOT NULL, mood mood, born timestamptz, score double precision, photo bytea, tags jsonb);
  CREATE TABLE notes (id bigserial PRIMARY KEY, person_id int NOT NULL REFERENCES people(id) ON DELETE CASCADE, body text);
  INSERT INTO people (name, mood, born, score, photo, tags)
    SELECT 'person ' || g, CASE WHEN g % 2 = 0 THEN 'happy'::mood END, now() - g * interval '1 day', g / 7.0,
           decode(md5(g::text), 'hex'), jsonb_build_object('n', g, 'odd', g % 2 = 1)
    FROM generate_series(1, 300) g;
  INSERT INTO notes (person_id, body)
    SELECT 1 + g % 300, E'line one\\nline\\ttwo \\\\ ' || g FROM generate_series(1, 1000) g;
`;
const fingerprint = () => psql(db, `SELECT (SELECT count(*) FROM people) || '/' || (SELECT count(*) FROM notes) || '/' ||
  (SELECT md5(string_agg(p::text, ',' ORDER BY id)) FROM people p) || '/' || (SELECT md5(string_agg(n::text, ',' ORDER BY id)) FROM notes n)`);

beforeAll(async () => {
  db = await createDatabase('medianest_backup_test');
  dir = tempDir('backup');
  fs.mkdirSync(path.join(dir, 'files/posters'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'files/posters/a.jpg'), Buffer.from([0xff, 0xd8, 1, 2, 3]));
  fs.writeFileSync(path.join(dir, 'files/settings.json'), '{"x":1}\n');
  fs.writeFileSync(path.join(dir, 'key'), 'correct-horse-battery-staple-0123456789\n', { mode: 0o600 });
  fs.writeFileSync(path.join(dir, 'wrong-key'), 'another-key-entirely-9876543210\n', { mode: 0o600 });

  redisPort = await freePort();
  fs.mkdirSync(path.join(dir, 'redis'));
  redis = startService('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', path.join(dir, 'redis'), '--save', '', '--appendonly', 'no'], process.env);
  await waitFor('redis', async () => ((await redisCli('ping')).stdout.includes('PONG') ? true : undefined), 20_000);

  env = {
    ...process.env,
    PGHOST: PG.host, PGPORT: PG.port, PGUSER: PG.user, PGDATABASE: db,
    REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redisPort),
    FILES_DIR: path.join(dir, 'files'),
    BACKUP_DIR: path.join(dir, 'backups'),
    BACKUP_ENCRYPTION_KEY_FILE: path.join(dir, 'key'),
    BACKUP_STATUS_FILE: path.join(dir, 'status'),
    BACKUP_RETENTION_DAYS: '7',
  };
  // The real schema (migrations) plus data of every awkward kind.
  const migrations = path.join(repoRoot, 'backend/prisma/migrations');
  for (const m of fs.readdirSync(migrations).filter((m) => fs.existsSync(path.join(migrations, m, 'migration.sql'))).sort()) {
    const result = await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', PG.host, '-U', PG.user, '-d', db, '-f', path.join(migrations, m, 'migration.sql')]);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  await psql(db, seedSql);
  await redisCli('set', 'cache:plex:libraries', '{"items":[1,2,3]}');
  await redisCli('hset', 'ratelimit:1.2.3.4', 'count', '7');
});

afterAll(async () => {
  await redis?.stop();
  if (db) await dropDatabase(db);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup.sh, restore-backup.sh, test-backup-restore.sh', () => {
  let before: string;

  it('writes one encrypted, timestamped archive per kind', async () => {
    before = await fingerprint();
    const result = await script('backup.sh', 'full');
    expect(result.code, result.stderr).toBe(0);
    for (const kind of ['postgres', 'redis', 'files']) {
      const [archive] = archives(kind);
      expect(archive).toMatch(new RegExp(`^${kind}-\\d{8}-\\d{6}\\.`));
      const bytes = fs.readFileSync(path.join(dir, 'backups', kind, archive!));
      // OpenPGP symmetric-key packet, not a readable dump/tar/rdb.
      expect(bytes.includes(Buffer.from('person 1'))).toBe(false);
      expect(bytes.includes(Buffer.from('REDIS'))).toBe(false);
    }
    expect(fs.readFileSync(path.join(dir, 'status'), 'utf8')).toMatch(/^ok full/);
  });

  it('test-backup-restore.sh verifies every table of the archive in a scratch database', async () => {
    const result = await script('test-backup-restore.sh', 'latest');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/ok\s+public\.people\s+300 rows/);
    expect(result.stdout).toMatch(/ok\s+public\.notes\s+1000 rows/);
    // The scratch database is gone afterwards.
    expect(await psql('postgres', "SELECT count(*) FROM pg_database WHERE datname LIKE 'medianest_restore_check_%'")).toBe('0');
  });

  it('restores every row after the database is wiped', async () => {
    await psql(db, 'DROP TABLE notes; DROP TABLE people; DROP TYPE mood; DROP TABLE users CASCADE');
    expect(await psql(db, "SELECT to_regclass('people') IS NULL AND to_regclass('users') IS NULL")).toBe('t');
    const today = new Date().toISOString().slice(0, 10);
    const result = await script('restore-backup.sh', 'postgres', today, '--yes');
    expect(result.code, result.stderr).toBe(0);
    expect(await fingerprint()).toBe(before);
  });

  it('restores the files folder and the Redis snapshot', async () => {
    fs.rmSync(path.join(dir, 'files/posters'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'files/stray.txt'), 'not in the backup');
    const files = await script('restore-backup.sh', 'files', 'latest', '--yes');
    expect(files.code, files.stderr).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'files/posters/a.jpg'))).toEqual(Buffer.from([0xff, 0xd8, 1, 2, 3]));
    expect(fs.existsSync(path.join(dir, 'files/stray.txt'))).toBe(false);

    const snapshot = await script('restore-backup.sh', 'redis', 'latest');
    expect(snapshot.code, snapshot.stderr).toBe(0);
    // Load it the way the guide says: stop Redis, put dump.rdb in its folder, start it.
    await redis.stop();
    fs.copyFileSync(path.join(dir, 'backups/redis/restore/dump.rdb'), path.join(dir, 'redis/dump.rdb'));
    redis = startService('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', path.join(dir, 'redis'), '--save', '', '--appendonly', 'no'], process.env);
    await waitFor('redis', async () => ((await redisCli('ping')).stdout.includes('PONG') ? true : undefined), 20_000);
    expect((await redisCli('get', 'cache:plex:libraries')).stdout.trim()).toBe('{"items":[1,2,3]}');
    expect((await redisCli('hget', 'ratelimit:1.2.3.4', 'count')).stdout.trim()).toBe('7');
  });

  it('refuses a tampered archive and restores nothing', async () => {
    const [archive] = archives('postgres');
    const file = path.join(dir, 'backups/postgres', archive!);
    const original = fs.readFileSync(file);
    const tampered = Buffer.from(original);
    tampered[Math.floor(tampered.length / 2)]! ^= 0x01;
    fs.writeFileSync(file, tampered);
    await psql(db, 'DELETE FROM notes WHERE id > 500');
    const marker = await fingerprint();
    try {
      const result = await script('restore-backup.sh', 'postgres', 'latest', '--yes');
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/refusing .* modified/);
      expect((await script('test-backup-restore.sh', 'latest')).code).not.toBe(0);
      expect(await fingerprint()).toBe(marker);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('refuses an archive with the wrong key', async () => {
    const marker = await fingerprint();
    const result = await run(path.join(repoRoot, 'scripts/restore-backup.sh'), ['postgres', 'latest', '--yes'], { env: { ...env, BACKUP_ENCRYPTION_KEY_FILE: path.join(dir, 'wrong-key') } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/does not decrypt with this key/);
    expect(await fingerprint()).toBe(marker);
  });

  it('deletes archives past the retention period but keeps the newest', async () => {
    const old = path.join(dir, 'backups/postgres/postgres-20200101-000000.dump.gpg');
    fs.copyFileSync(path.join(dir, 'backups/postgres', archives('postgres')[0]!), old);
    const tenDaysAgo = new Date(Date.now() - 10 * 86400_000);
    fs.utimesSync(old, tenDaysAgo, tenDaysAgo);
    const result = await script('backup.sh', 'postgres');
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(old)).toBe(false);
    expect(archives('postgres').length).toBeGreaterThanOrEqual(1);
  });

  it('refuses without a key and records the failure for the healthcheck', async () => {
    const result = await run(path.join(repoRoot, 'scripts/backup.sh'), ['postgres'], { env: { ...env, BACKUP_ENCRYPTION_KEY_FILE: path.join(dir, 'missing') } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/BACKUP_ENCRYPTION_KEY_FILE/);
  });
});
