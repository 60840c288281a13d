import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../common/errors';
import { isUpstreamOutage, UpstreamBadAnswerError, UpstreamHttpError, UpstreamUnreachableError } from './upstream-errors';

describe('upstream errors', () => {
  it('are all 503 SERVICE_UNAVAILABLE naming the service, with their reason for operators', () => {
    const errors = [new UpstreamUnreachableError('plex', 'ECONNRESET', true), new UpstreamBadAnswerError('plex', 'unexpected answer'), new UpstreamHttpError('plex', 404, undefined)];
    for (const err of errors) {
      expect(err).toBeInstanceOf(ServiceUnavailableError);
      expect(err.status).toBe(503);
      expect(err.code).toBe('SERVICE_UNAVAILABLE');
      expect(err.extra.service).toBe('plex');
    }
    expect(errors.map((e) => e.reason)).toEqual(['ECONNRESET', 'unexpected answer', 'HTTP 404']);
    expect(new UpstreamHttpError('overseerr', 401, 'x', 'Custom message.').message).toBe('Custom message.');
  });

  it('only no answer, garbage or a 5xx count as an outage for the circuit breaker', () => {
    expect(isUpstreamOutage(new UpstreamUnreachableError('plex', 'timeout', false))).toBe(true);
    expect(isUpstreamOutage(new UpstreamBadAnswerError('plex', 'html'))).toBe(true);
    expect(isUpstreamOutage(new UpstreamHttpError('plex', 500, undefined))).toBe(true);
    expect(isUpstreamOutage(new UpstreamHttpError('plex', 503, undefined))).toBe(true);
    expect(isUpstreamOutage(new UpstreamHttpError('plex', 499, undefined))).toBe(false);
    expect(isUpstreamOutage(new UpstreamHttpError('plex', 401, undefined))).toBe(false);
    expect(isUpstreamOutage(new ServiceUnavailableError('plex'))).toBe(false);
    expect(isUpstreamOutage(new Error('x'))).toBe(false);
  });
});
