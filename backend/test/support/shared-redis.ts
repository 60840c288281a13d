import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { TEST_REDIS_URL } from './env';

/**
 * A connection to the suite's shared Redis for the enclosing describe block (or file), with a key
 * prefix of its own so test files never see each other's keys; the keys are deleted afterwards.
 * `client` is there from the block's beforeAll on.
 */
export function sharedRedis(label: string): { readonly client: Redis; readonly prefix: string } {
  const prefix = `mn-test-${label}:${Date.now()}:`;
  let client: Redis | undefined;
  beforeAll(async () => {
    client = new Redis(TEST_REDIS_URL);
    await client.ping();
  });
  afterAll(async () => {
    if (!client) return;
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    await client.quit();
  });
  return {
    prefix,
    get client(): Redis {
      if (!client) throw new Error('sharedRedis: the client exists from beforeAll on');
      return client;
    },
  };
}
