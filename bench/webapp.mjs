// 5. Web app: production build sizes per route, and the dashboard's time to interactive in
// headless Chromium on a throttled network, against the smallest possible page on the same
// network in the same run.
/* global window, document -- the functions passed to page.evaluate run in the browser */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { figure } from './lib/figures.mjs';
import { median, round } from './lib/stats.mjs';
import { ROOT } from './lib/medianest.mjs';

const BENCH = 'Web app';
const DIST = path.join(ROOT, 'frontend', 'dist');
const ROUTES_FILE = path.join(ROOT, 'frontend', 'src', 'app', 'routes.tsx');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The target profile; Fast 3G (DevTools' preset values) is reported only, not judged. */
export const PROFILES = {
  target: { name: '40 ms RTT, 10 Mbit/s', latency: 40, down: 10e6 / 8, up: 10e6 / 8 },
  fast3g: { name: 'Fast 3G (562.5 ms RTT, 1.6 Mbit/s down, 750 kbit/s up)', latency: 562.5, down: 1.6e6 / 8, up: 750e3 / 8 },
};

const kB = (bytes) => round(bytes / 1000, 1);

function staticImports(file) {
  const code = fs.readFileSync(path.join(DIST, 'assets', file), 'utf8');
  return [...code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)].map((m) => m[1]);
}

function closure(start) {
  const seen = new Set();
  const queue = [...start];
  while (queue.length) {
    const f = queue.pop();
    if (seen.has(f)) continue;
    seen.add(f);
    queue.push(...staticImports(f));
  }
  return seen;
}

function sizeOf(files) {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = fs.readFileSync(path.join(DIST, 'assets', f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip };
}

/** Route → lazy page component, read from the router (admin pages live under /admin). */
function routePages() {
  const src = fs.readFileSync(ROUTES_FILE, 'utf8');
  const lazy = new Map([...src.matchAll(/const (\w+) = lazy\(\(\) => import\('([^']+)'\)\)/g)].map((m) => [m[1], m[2]]));
  const pages = [];
  for (const m of src.matchAll(/\{\s*(?:path: '([^']*)'|index: true),\s*element:\s*(?:\(\s*)?(?:<\w+[^>]*>\s*)*<(\w+)/g)) {
    const [, p, name] = m;
    if (!lazy.has(name)) continue;
    const admin = lazy.get(name).includes('/admin/') && name !== 'AdminLayout';
    pages.push({ route: p === undefined ? '/' : `${admin ? '/admin/' : '/'}${p.replace(/^\//, '')}`, name });
  }
  return pages;
}

/** The JavaScript and CSS index.html loads up front, and what each route adds on top. */
export function buildSizes() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const initialJs = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/href="\/assets\/([^"]+\.css)"/g)].map((m) => m[1]);
  const initial = closure(initialJs);
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  const initialSize = sizeOf([...initial, ...css]);
  const initialJsSize = sizeOf([...initial]);
  const routes = routePages().map(({ route, name }) => {
    const chunk = assets.find((f) => f.startsWith(`${name}-`) && f.endsWith('.js'));
    if (!chunk) return { route, page: name, missing: true };
    const extra = [...closure([chunk])].filter((f) => !initial.has(f));
    const size = sizeOf(extra);
    return { route, page: name, chunks: extra.length, rawKb: kB(size.raw), gzipKb: kB(size.gzip), totalGzipKb: kB(size.gzip + initialSize.gzip) };
  });
  return { initial: { files: [...initial, ...css], rawKb: kB(initialSize.raw), gzipKb: kB(initialSize.gzip), jsGzipKb: kB(initialJsSize.gzip) }, routes };
}

const LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.startTime + e.duration]); })
    .observe({ type: 'longtask', buffered: true });
`;

/**
 * Loads `url` in a fresh (cold cache) context under `profile`, waits until `ready()` holds in the
 * page, then for a 1 s quiet window; TTI = the later of content ready and the end of the last
 * long task up to then.
 */
async function loadOnce(browser, { url, profile, ready, signIn }) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    if (signIn) await signIn(context);
    const page = await context.newPage();
    await page.addInitScript(LONG_TASKS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: profile.latency, downloadThroughput: profile.down, uploadThroughput: profile.up });
    await page.goto(url, { waitUntil: 'commit', timeout: 60_000 });
    await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 60_000 });
    const contentMs = await page.evaluate(() => performance.now());
    await page.waitForTimeout(1000);
    return await page.evaluate((content) => {
      const tasks = window.__longTasks.filter(([start]) => start < content + 1000);
      const lastTaskEnd = tasks.reduce((m, [, end]) => Math.max(m, end), 0);
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
      const nav = performance.getEntriesByType('navigation')[0];
      const bytes = performance.getEntriesByType('resource').reduce((n, r) => n + (r.transferSize || 0), nav?.transferSize ?? 0);
      return { tti: Math.max(content, lastTaskEnd), content, fcp, longTasks: tasks.length, kB: Math.round(bytes / 100) / 10 };
    }, contentMs);
  } finally {
    await context.close();
  }
}

/** The dashboard is interactive once its heading is there and nothing is loading any more. */
function dashboardReady() {
  const main = document.querySelector('main');
  if (!main || !main.querySelector('h1')) return false;
  if (document.querySelector('[role="status"][aria-label^="Loading"], [role="status"] > .animate-spin')) return false;
  return main.querySelectorAll('section').length >= 3;
}

function baselineReady() {
  return document.querySelector('h1') !== null;
}

/**
 * @param {object} ctx
 * @param {string} ctx.url              MediaNest base URL (serving frontend/dist)
 * @param {string} ctx.baselineUrl      bare node:http serving the smallest page (/page)
 * @param {{ username: string, password: string }} ctx.credentials
 */
export async function webappBench({ url, baselineUrl, credentials, runs = 5, fast3gRuns = 2, log }) {
  const sizes = buildSizes();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const signIn = async (context) => {
    const res = await context.request.post(`${url}/api/v1/auth/login`, { data: credentials, headers: { origin: url } });
    if (res.status() !== 200) throw new Error(`sign-in for the browser failed: ${res.status()}`);
  };
  const results = {};
  try {
    for (const [key, profile] of Object.entries(PROFILES)) {
      const n = key === 'target' ? runs : fast3gRuns;
      log(`  ${n} cold loads of the dashboard and of the baseline page, ${profile.name}`);
      const dashboard = [];
      const baseline = [];
      for (let i = 0; i < n; i++) {
        baseline.push(await loadOnce(browser, { url: `${baselineUrl}page`, profile, ready: baselineReady }));
        dashboard.push(await loadOnce(browser, { url: `${url}/`, profile, ready: dashboardReady, signIn }));
      }
      results[key] = { profile: profile.name, dashboard, baseline };
    }
  } finally {
    await browser.close();
  }

  const tti = (key, which) => median(results[key][which].map((r) => r.tti));
  const detail = (key) => {
    const d = results[key].dashboard;
    return `TTIs ${d.map((r) => round(r.tti, 0)).join(', ')} ms; FCP p50 ${round(median(d.map((r) => r.fcp)), 0)} ms; ${d[0]?.kB} kB transferred`;
  };
  const dashboardRoute = sizes.routes.find((r) => r.route === '/');
  return {
    figures: [
      figure({
        benchmark: BENCH,
        name: 'JavaScript loaded up front (gzip)',
        value: sizes.initial.jsGzipKb,
        unit: 'kB',
        baseline: { name: 'budget (check-bundle-size)', value: 150 },
        target: { op: '<=', limit: 150 },
        note: `with CSS ${sizes.initial.gzipKb} kB gzip, ${sizes.initial.rawKb} kB before compression`,
      }),
      figure({
        benchmark: BENCH,
        name: 'Dashboard route total (gzip), up-front + its own chunks',
        value: dashboardRoute?.totalGzipKb ?? null,
        unit: 'kB',
        baseline: { name: 'up-front bundle', value: sizes.initial.gzipKb },
      }),
      figure({
        benchmark: BENCH,
        name: `Dashboard time to interactive, signed in, cold cache, ${PROFILES.target.name} (median of ${runs})`,
        value: tti('target', 'dashboard'),
        unit: 'ms',
        digits: 0,
        baseline: { name: 'smallest page on the same network', value: tti('target', 'baseline') },
        target: { op: '<', limit: 1500 },
        note: detail('target'),
      }),
      figure({
        benchmark: BENCH,
        name: `Dashboard time to interactive, ${PROFILES.fast3g.name} (median of ${fast3gRuns}; reported, not required)`,
        value: tti('fast3g', 'dashboard'),
        unit: 'ms',
        digits: 0,
        baseline: { name: 'smallest page on the same network', value: tti('fast3g', 'baseline') },
        note: detail('fast3g'),
      }),
    ],
    details: { sizes, tti: results },
  };
}
