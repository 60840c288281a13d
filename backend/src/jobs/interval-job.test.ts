import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { IntervalJob } from './interval-job';
import { LocalJobLock } from './job-lock';

describe('IntervalJob', () => {
  it('takes intervals longer than a Node timer can hold without firing at once', async () => {
    let rounds = 0;
    const job = new IntervalJob({
      name: 'long',
      intervalMs: 90 * 24 * 3600 * 1000,
      run: async () => {
        rounds += 1;
      },
      lock: new LocalJobLock(),
      logger: createLogger({ level: 'error', json: true, silent: true }),
      runOnStart: false,
    });
    job.start();
    // An overflowing timer would fire every millisecond.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await job.stop();
    expect(rounds).toBe(0);
  });
});
