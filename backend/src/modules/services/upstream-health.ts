import type { ComponentHealth, UpstreamHealthSource } from '../health/health.service';
import type { ServiceStatusService } from './services.service';

/**
 * Health of Plex and Overseerr from the latest stored check, never a live
 * call, so /api/health answers in milliseconds. Up and degraded are healthy
 * (it answers); down is unhealthy. A configured service with no check yet is
 * unhealthy as well (not verified): each instance runs a round at start, and
 * the first read waits briefly for it, so this is rarely seen.
 */
export class StoredUpstreamHealth implements UpstreamHealthSource {
  constructor(private readonly status: ServiceStatusService) {}

  async health(service: 'plex' | 'overseerr'): Promise<ComponentHealth> {
    const { configured, latest } = await this.status.current(service);
    if (!configured) return 'not_configured';
    return latest?.status === 'up' || latest?.status === 'degraded' ? 'healthy' : 'unhealthy';
  }
}
