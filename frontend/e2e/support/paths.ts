import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REPO_DIR = path.resolve(FRONTEND_DIR, '..');
export const SERVER_ENTRY = path.join(REPO_DIR, 'backend', 'dist', 'main.js');
export const WEB_INDEX = path.join(FRONTEND_DIR, 'dist', 'index.html');
export const SCREENSHOT_DIR = path.join(FRONTEND_DIR, 'screenshots');
export const AXE_SCRIPT = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Human-readable descriptions of whatever the suite needs but cannot find. */
export function missingBuilds(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(SERVER_ENTRY)) missing.push(`${path.relative(REPO_DIR, SERVER_ENTRY)} (npm run build -w backend)`);
  if (!fs.existsSync(WEB_INDEX)) missing.push(`${path.relative(REPO_DIR, WEB_INDEX)} (npm run build -w frontend)`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return missing;
}
