#!/usr/bin/env node
// Fails the build when the JavaScript that index.html loads up front (entry scripts and
// modulepreloads) is larger than the budget once gzipped. Lazy route chunks are not counted.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 150 * 1000;
const distDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
const tags = [
  ...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g),
  ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
];
const files = [...new Set(tags.map((match) => match[1]))].filter((src) => src.startsWith('/'));
if (files.length === 0) {
  console.error('check-bundle-size: no module scripts found in dist/index.html');
  process.exit(1);
}

let total = 0;
for (const file of files) {
  const bytes = await readFile(path.join(distDir, file));
  const gzipped = gzipSync(bytes, { level: 9 }).length;
  total += gzipped;
  console.log(`  ${file}  ${(bytes.length / 1000).toFixed(1)} kB  (${(gzipped / 1000).toFixed(1)} kB gzip)`);
}

const summary = `initial JavaScript: ${(total / 1000).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1000} kB)`;
if (total > BUDGET_BYTES) {
  console.error(`check-bundle-size: FAILED, ${summary}`);
  process.exit(1);
}
console.log(`check-bundle-size: ok, ${summary}`);
