import { describe, expect, it } from 'vitest';
import { NotFoundError, ServiceUnavailableError } from '../common/errors';
import { CircuitBreaker } from './circuit-breaker';

/** A breaker on a hand-moved clock, with a call counter standing in for the upstream. */
function setup(options: { failureThreshold?: number; cooldownMs?: number; isFailure?: (err: unknown) => boolean } = {}) {
  let now = 1_000_000;
  const breaker = new CircuitBreaker({ service: 'plex', failureThreshold: 3, cooldownMs: 10_000, clock: () => now, ...options });
  let calls = 0;
  const upstream = {
    ok: () =>
      breaker.run(async () => {
        calls += 1;
        return 'answer';
      }),
    fail: (err: Error = new Error('ECONNREFUSED')) =>
      breaker.run(async () => {
        calls += 1;
        throw err;
      }),
  };
  return {
    breaker,
    upstream,
    calls: () => calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function failTimes(fail: () => Promise<unknown>, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await fail().catch(() => undefined);
}

describe('CircuitBreaker', () => {
  it('passes calls through while closed and answers what the upstream answered', async () => {
    const s = setup();
    await expect(s.upstream.ok()).resolves.toBe('answer');
    expect(s.breaker.state).toBe('closed');
    expect(s.calls()).toBe(1);
  });

  it('opens after the configured number of consecutive failures', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 2);
    expect(s.breaker.state).toBe('closed');
    await failTimes(s.upstream.fail, 1);
    expect(s.breaker.state).toBe('open');
  });

  it('fails fast with a 503 naming the service while open, without calling the upstream', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 3);
    const before = s.calls();
    const err = await s.upstream.ok().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect(err).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', extra: { service: 'plex' } });
    expect(s.calls()).toBe(before);
  });

  it('counts only consecutive failures: a success in between starts the count again', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 2);
    await s.upstream.ok();
    await failTimes(s.upstream.fail, 2);
    expect(s.breaker.state).toBe('closed');
  });

  it('does not count answers that prove the upstream is alive (e.g. a 404)', async () => {
    const s = setup({ isFailure: (err) => !(err instanceof NotFoundError) });
    await failTimes(() => s.upstream.fail(new NotFoundError()), 10);
    expect(s.breaker.state).toBe('closed');
    expect(s.calls()).toBe(10);
  });

  it('lets exactly one trial call through after the cool-down; others keep failing fast', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 3);
    s.advance(9_999);
    expect(s.breaker.state).toBe('open');
    s.advance(1);
    expect(s.breaker.state).toBe('half-open');
    let release!: () => void;
    const trial = s.breaker.run(
      () =>
        new Promise<string>((resolve) => {
          release = () => resolve('trial');
        }),
    );
    const callsDuringTrial = s.calls();
    await expect(s.upstream.ok()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(s.calls()).toBe(callsDuringTrial);
    release();
    await expect(trial).resolves.toBe('trial');
    expect(s.breaker.state).toBe('closed');
    await expect(s.upstream.ok()).resolves.toBe('answer');
  });

  it('closes again when the trial call succeeds', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 3);
    s.advance(10_000);
    await expect(s.upstream.ok()).resolves.toBe('answer');
    expect(s.breaker.state).toBe('closed');
    expect(s.breaker.consecutiveFailures).toBe(0);
  });

  it('opens for another cool-down when the trial call fails', async () => {
    const s = setup();
    await failTimes(s.upstream.fail, 3);
    s.advance(10_000);
    await failTimes(s.upstream.fail, 1);
    expect(s.breaker.state).toBe('open');
    const before = s.calls();
    s.advance(5_000);
    await expect(s.upstream.ok()).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(s.calls()).toBe(before);
    s.advance(5_000);
    await expect(s.upstream.ok()).resolves.toBe('answer');
  });

  it('throws the configured error while open', async () => {
    let now = 0;
    const breaker = new CircuitBreaker({ service: 'overseerr', failureThreshold: 1, clock: () => now, openError: () => new Error('custom') });
    await breaker.run(() => Promise.reject(new Error('down'))).catch(() => undefined);
    now += 1;
    await expect(breaker.run(() => Promise.resolve(1))).rejects.toThrow('custom');
  });
});
