#!/usr/bin/env node
// `node scripts/prisma.cjs <args>` runs the Prisma CLI with no engine download.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { prismaEnv } = require('./prisma-env.cjs');

const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  cwd: path.join(__dirname, '..'),
  stdio: 'inherit',
  env: prismaEnv(),
});
process.exit(result.status ?? 1);
