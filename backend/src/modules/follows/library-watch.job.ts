import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { LibraryWatcher } from './library-watch.service';

export function createLibraryWatchJob(watcher: LibraryWatcher, o: { intervalSeconds: number; lock: JobLock; logger: Logger; clock: () => number }): IntervalJob {
  return new IntervalJob({
    name: 'library-watch',
    intervalMs: o.intervalSeconds * 1000,
    lock: o.lock,
    logger: o.logger,
    now: o.clock,
    run: async () => {
      await watcher.run();
    },
  });
}
