import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Metrics } from '../../common/metrics';
import { PlexTvSharingClient, PlexTvSharingError } from './plextv-sharing.client';

/**
 * The sharing calls go through the shared outbound layer: a redirect is not
 * followed, an oversized or endless answer is cut off, and every such failure
 * is the contract's 503 naming Plex, with the step that failed.
 */
let server: http.Server;
let base = '';
const seen: string[] = [];
let sentBytes = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers['x-plex-token'] ?? ''}`);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/api/users') {
      return res
        .writeHead(200, { 'content-type': 'application/xml' })
        .end('<MediaContainer><User id="7" username="amy" email="amy@example.com"><Server id="31" machineIdentifier="m1" allLibraries="1" pending="0"/></User></MediaContainer>');
    }
    if (path === '/api/v2/shared_servers/owned/accepted') return res.writeHead(302, { location: 'http://attacker.invalid/steal' }).end();
    if (path === '/api/v2/shared_servers/invites/received/pending') {
      // Endless: the client must stop reading past its cap.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) sentBytes += chunk.length;
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
      return;
    }
    if (path === '/api/servers/m1/shared_servers') return res.writeHead(400, { 'content-type': 'application/xml' }).end('<Response code="400" status="Already sharing this server with amy"/>');
    if (path === '/api/servers/m1') return res.writeHead(503).end('down');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function client() {
  return new PlexTvSharingClient({ baseUrl: base, clientId: async () => 'client-1', version: '1.0.0', metrics: new Metrics(), timeoutMs: 5000 });
}

describe('plex.tv sharing client', () => {
  it('reads the friends list with the owner token in a header', async () => {
    const friends = await client().friends('owner-token');
    expect(friends).toEqual([{ id: '7', username: 'amy', email: 'amy@example.com', thumb: null, servers: [{ sharedServerId: '31', machineIdentifier: 'm1', allLibraries: true, pending: false }] }]);
    expect(seen).toContain('GET /api/users owner-token');
  });

  it('does not follow a redirect: a 503 naming Plex and the step', async () => {
    const err = await client().findShare('owner-token', 'm1', '7').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlexTvSharingError);
    expect(err).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', reason: 'unreachable', step: 'find the existing share', extra: { service: 'plex' } });
  });

  it('stops reading an endless answer past the size cap', async () => {
    const err = await client().acceptPendingInvite('invitee-token', ['owner']).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 503, reason: 'unreachable' });
    // The cap is 4 MB; the server is cut off soon after, never streaming on.
    expect(sentBytes).toBeLessThan(64 * 1024 * 1024);
  });

  it("keeps plex.tv's refusals and outages apart", async () => {
    await expect(client().share('owner-token', 'm1', { invitedEmail: 'amy@example.com', sectionIds: [1], allowSync: false })).resolves.toEqual({ status: 'already_sharing' });
    await expect(client().serverSections('owner-token', 'm1')).rejects.toMatchObject({ status: 503, reason: 'unreachable', upstreamStatus: 503 });
  });
});
