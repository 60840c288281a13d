#!/usr/bin/env node
// Runs the route fuzzer: `npm run fuzz -- --runs 10000 [--seed N]`.
// Without --seed a random seed is drawn and printed; pass it back to replay a failure.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const args = process.argv.slice(2);
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  const [flag, inline] = args[i].split('=', 2);
  const value = inline ?? args[++i];
  if (flag === '--runs') env.FUZZ_RUNS = value;
  else if (flag === '--seed') env.FUZZ_SEED = value;
  else {
    console.error(`usage: npm run fuzz -- [--runs N] [--seed N]  (unknown argument ${args[i]})`);
    process.exit(2);
  }
}
const result = spawnSync('npx', ['vitest', 'run', 'test/security/fuzz.test.ts'], {
  cwd: path.join(__dirname, '..'),
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
