import type { PlexServerConnection } from '../../api/types';

/**
 * Rank of an address plex.tv lists for a server: direct before relayed (Plex's relay is slow and
 * capped), https before http, on the local network before over the internet.
 */
function rank(c: PlexServerConnection): number {
  return (c.relay ? 4 : 0) + (c.protocol === 'https' ? 0 : 2) + (c.local ? 0 : 1);
}

/** The addresses best first (a stable sort: plex.tv's order breaks ties). */
export function rankConnections(connections: PlexServerConnection[]): PlexServerConnection[] {
  return connections.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/** The address proposed first: a direct https one when there is one. */
export function preferredConnection(connections: PlexServerConnection[]): PlexServerConnection | undefined {
  return rankConnections(connections)[0];
}

/** How an address reaches the server, in words. */
export function describeConnection(c: PlexServerConnection): string {
  const parts = [
    c.relay ? 'through Plex’s relay (slow, a last resort)' : c.local ? 'on your local network' : 'over the internet',
    c.protocol === 'https' ? 'encrypted' : 'not encrypted',
  ];
  return parts.join(', ');
}
