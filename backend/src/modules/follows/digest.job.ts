import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { DigestService } from './digest.service';

/** Hourly: sends the week's digest once its day has come (DigestService.runIfDue decides). */
export function createDigestJob(service: DigestService, o: { lock: JobLock; logger: Logger; clock: () => number }): IntervalJob {
  return new IntervalJob({ name: 'weekly-digest', intervalMs: 3_600_000, lock: o.lock, logger: o.logger, now: o.clock, run: async () => void (await service.runIfDue()) });
}
