#!/usr/bin/env node
// Runs `prisma generate` without any engine download (see prisma-env.cjs).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { prismaEnv } = require('./prisma-env.cjs');

const cli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [cli, 'generate', '--schema', path.join(__dirname, '..', 'prisma', 'schema.prisma')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: prismaEnv(),
});
process.exit(result.status ?? 1);
