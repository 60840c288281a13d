import { IntervalJob } from '../../jobs/interval-job';
import type { JobLock } from '../../jobs/job-lock';
import type { Logger } from '../../logging/logger';
import type { MembershipService } from './membership.service';

/** Expiry and reminders do not need to be to the minute. */
const MEMBERSHIP_JOB_INTERVAL_MS = 15 * 60_000;

/** Expires memberships, retries share removals, sends reminders (one round per interval, one instance). */
export function createMembershipJob(memberships: MembershipService, o: { lock: JobLock; logger: Logger; clock: () => number }): IntervalJob {
  return new IntervalJob({ name: 'memberships', intervalMs: MEMBERSHIP_JOB_INTERVAL_MS, lock: o.lock, logger: o.logger, now: o.clock, run: () => memberships.runRound() });
}
