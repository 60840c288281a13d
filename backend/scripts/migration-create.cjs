#!/usr/bin/env node
// Creates the next migration from the change to prisma/schema.prisma since the
// last commit (or since --from <file>), without a shadow database or native
// engines: `npm run migration:create -w backend -- <name> [--from <old schema>]`.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { prismaEnv } = require('./prisma-env.cjs');

const args = process.argv.slice(2);
// Without --from, indexOf is -1 and args[0] (the name itself) must not be taken for its value.
const fromValue = args.includes('--from') ? args[args.indexOf('--from') + 1] : undefined;
const name = args.find((a) => !a.startsWith('--') && a !== fromValue);
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: migration-create <snake_case_name> [--from <old schema.prisma>]');
  process.exit(2);
}
const root = path.join(__dirname, '..');
const schema = path.join(root, 'prisma', 'schema.prisma');
let from = args.includes('--from') ? path.resolve(args[args.indexOf('--from') + 1]) : undefined;
if (!from) {
  from = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mn-schema-')), 'schema.prisma');
  fs.writeFileSync(from, execFileSync('git', ['show', 'HEAD:backend/prisma/schema.prisma'], { cwd: root }));
}
const cli = require.resolve('prisma/build/index.js');
const diff = spawnSync(process.execPath, [cli, 'migrate', 'diff', '--from-schema-datamodel', from, '--to-schema-datamodel', schema, '--script'], {
  cwd: root,
  env: prismaEnv(),
  encoding: 'utf8',
});
if (diff.status !== 0) {
  process.stderr.write(diff.stderr);
  process.exit(diff.status ?? 1);
}
if (!diff.stdout.trim() || /^-- This is an empty migration/m.test(diff.stdout)) {
  console.log('schema unchanged: no migration created');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
const dir = path.join(root, 'prisma', 'migrations', `${stamp}_${name}`);
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'migration.sql'), diff.stdout);
console.log(`created ${path.relative(process.cwd(), dir)}/migration.sql`);
