import type { Service } from '../../api/types';

/** Where a status comes from, said on every tile and in the details. */
export const SOURCE_LABEL: Record<Service['source'], string> = {
  medianest: 'MediaNest’s own check',
  'uptime-kuma': 'Uptime Kuma monitor',
};

/**
 * A service's name, with where its status comes from when another service has the same name
 * (MediaNest checks Plex, and an Uptime Kuma monitor may be called "Plex" too).
 */
export function serviceLabel(service: Service, all: Service[]): string {
  const name = service.name.trim().toLowerCase();
  const twin = all.some((other) => other.id !== service.id && other.name.trim().toLowerCase() === name);
  return twin ? `${service.name} (${service.source === 'uptime-kuma' ? 'Uptime Kuma' : 'MediaNest check'})` : service.name;
}
