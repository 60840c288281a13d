import crypto from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLEX_CACHE_TTL } from '../../src/modules/plex/plex.service';
import { startPlexApp, type PlexTestApp } from './plex-support';

const PAGE = '/api/v1/plex/libraries/1/items?page=3&pageSize=10';
const LISTING = '/library/sections/1/all';

/** Caching against real Redis (a key prefix of its own) with a controllable clock. */
describe('Plex library caching', () => {
  let s: PlexTestApp;
  let now = Date.now();

  beforeAll(async () => {
    s = await startPlexApp({ clock: () => now, timeoutMs: 1000 });
  });
  afterAll(async () => {
    await s.close();
  });
  beforeEach(async () => {
    await s.plex.setMode('up');
    s.plex.latencyMs = 0;
    await s.t.container.cached.invalidate('plex:');
    s.plex.clearRequests();
    await s.renewToken();
  });

  it('serves a repeated page from the cache without asking Plex again', async () => {
    const first = await s.get(PAGE).expect(200);
    const second = await s.get(PAGE).expect(200);
    expect(second.body).toEqual(first.body);
    expect(s.plex.countRequests(LISTING)).toBe(1);
  });

  it('caches each page, size and sort separately', async () => {
    await s.get(PAGE).expect(200);
    const other = await s.get('/api/v1/plex/libraries/1/items?page=4&pageSize=10').expect(200);
    await s.get('/api/v1/plex/libraries/1/items?page=3&pageSize=10&sort=year').expect(200);
    expect(s.plex.countRequests(LISTING)).toBe(3);
    expect(other.body.page).toBe(4);
  });

  it('caches libraries, items, collections, search and recently added', async () => {
    const paths = [
      '/api/v1/plex/libraries',
      `/api/v1/plex/items/${s.plex.findByTitle('Game of Thrones')?.ratingKey}`,
      '/api/v1/plex/collections?libraryId=1',
      '/api/v1/plex/search?q=matrix',
      '/api/v1/plex/recently-added?limit=10',
    ];
    for (const path of paths) await s.get(path).expect(200);
    const afterFirst = s.plex.requests.length;
    for (const path of paths) await s.get(path).expect(200);
    // A different limit is a slice of the same cached list.
    await s.get('/api/v1/plex/recently-added?limit=3').expect(200);
    await s.get('/api/v1/plex/search?q=MATRIX').expect(200);
    expect(s.plex.requests.length).toBe(afterFirst);
  });

  it('makes one Plex call for concurrent identical misses', async () => {
    s.plex.latencyMs = 300;
    const responses = await Promise.all(Array.from({ length: 8 }, () => s.get(PAGE)));
    expect(responses.map((r) => r.status)).toEqual(Array(8).fill(200));
    for (const r of responses) expect(r.body).toEqual(responses[0]?.body);
    expect(s.plex.countRequests(LISTING)).toBe(1);
  });

  it('asks Plex again once the entry has expired', async () => {
    await s.get(PAGE).expect(200);
    now += (PLEX_CACHE_TTL.listing.ttlSeconds + 1) * 1000;
    await s.get(PAGE).expect(200);
    expect(s.plex.countRequests(LISTING)).toBe(2);
  });

  it('serves the expired copy while Plex is down instead of an error', async () => {
    const fresh = await s.get(PAGE).expect(200);
    now += (PLEX_CACHE_TTL.listing.ttlSeconds + 1) * 1000;
    await s.plex.setMode('down');
    const stale = await s.get(PAGE).expect(200);
    expect(stale.body).toEqual(fresh.body);
    // Plex was asked (and failed): the copy is served because of the failure.
    expect(s.plex.countRequests(LISTING)).toBe(2);
  });

  it('serves the expired copy while Plex does not answer in time', async () => {
    const fresh = await s.get('/api/v1/plex/libraries').expect(200);
    now += (PLEX_CACHE_TTL.libraries.ttlSeconds + 1) * 1000;
    await s.plex.setMode('hang');
    const started = Date.now();
    const stale = await s.get('/api/v1/plex/libraries').expect(200);
    expect(stale.body).toEqual(fresh.body);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('answers 503 for data it has never cached while Plex is down', async () => {
    await s.plex.setMode('down');
    const res = await s.get('/api/v1/plex/libraries/1/items?page=7').expect(503);
    expect(res.body.error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'plex' });
  });

  it('forgets everything when the Plex settings change (invalidate plex:)', async () => {
    await s.get(PAGE).expect(200);
    await s.t.container.cached.invalidate('plex:');
    await s.get(PAGE).expect(200);
    expect(s.plex.countRequests(LISTING)).toBe(2);
  });

  it('stores entries in Redis under the plex: prefix, keyed by server', async () => {
    await s.get(PAGE).expect(200);
    const server = crypto.createHash('sha256').update(`${s.plex.url}\n${s.plex.token}`).digest('hex').slice(0, 16);
    const keys = (await s.t.container.redis?.keys(`*:cache:plex:${server}:items:1:title:3:10`)) ?? [];
    expect(keys).toHaveLength(1);
    const value = await s.t.container.redis?.get(keys[0] ?? '');
    expect(value).toContain('"items"');
    expect(value).not.toContain(s.plex.token);
  });
});

describe('Plex library caching with the in-process store', () => {
  let s: PlexTestApp;
  beforeAll(async () => {
    s = await startPlexApp({ redis: false });
  });
  afterAll(async () => {
    await s.close();
  });

  it('serves a repeated page without asking Plex again', async () => {
    s.plex.clearRequests();
    await s.get(PAGE).expect(200);
    await s.get(PAGE).expect(200);
    expect(s.plex.countRequests(LISTING)).toBe(1);
  });
});
