/**
 * Runs the upstream fakes (Plex Media Server, Overseerr) in their own process for the
 * benchmarks, so their work never competes with the measuring process, and exposes a small
 * control API the orchestrator drives (modes, latency, request counts, webhook bodies).
 *
 * Run with `node --import tsx bench/lib/fakes-server.ts`; prints one JSON line with the URLs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeOverseerr, FakePlexServer, type FakeMode, type WebhookType } from '../../backend/test/fakes';

const PLEX_TOKEN = 'bench-plex-owner-token';
const OVERSEERR_API_KEY = 'bench-overseerr-api-key';
/** Overseerr user who makes the seeded requests: may request, may not auto-approve (so they start pending). */
const REQUESTER_ID = 2;

async function main(): Promise<void> {
  const plex = FakePlexServer.withSampleLibrary({ token: PLEX_TOKEN });
  const overseerr = new FakeOverseerr({ apiKey: OVERSEERR_API_KEY });
  await plex.start();
  await overseerr.start();
  overseerr.addUser({ id: REQUESTER_ID, email: 'bench-requester@example.com', plexId: 2, plexUsername: 'bench-requester' });

  // Recorded requests would grow without bound under load; only the counts are needed.
  const trimmer = setInterval(() => {
    if (!keepRequests) {
      plex.clearRequests();
      overseerr.clearRequests();
    }
  }, 1000);
  trimmer.unref();
  let keepRequests = false;

  const routes: Record<string, (body: Record<string, unknown>) => unknown> = {
    'POST /plex/mode': async (b) => {
      await plex.setMode(b.mode as FakeMode);
      return { mode: plex.mode };
    },
    'POST /plex/latency': (b) => {
      plex.latencyMs = Number(b.ms);
      return { latencyMs: plex.latencyMs };
    },
    /** Starts counting Plex requests from zero (and keeps them until the next count). */
    'POST /plex/requests/reset': () => {
      keepRequests = true;
      plex.clearRequests();
      return {};
    },
    'POST /plex/requests/count': (b) => {
      const count = plex.countRequests(new RegExp(String(b.pattern)));
      keepRequests = false;
      return { count };
    },
    /** Creates `count` pending movie requests, each for its own new title. */
    'POST /overseerr/seed-requests': (b) => {
      const requester = overseerr.users.get(REQUESTER_ID);
      if (!requester) throw new Error('requester missing');
      const created: Array<{ overseerrRequestId: number; tmdbId: number; title: string }> = [];
      for (let i = 0; i < Number(b.count); i++) {
        const tmdbId = Number(b.tmdbBase) + i;
        const title = `Bench Movie ${tmdbId}`;
        overseerr.addTitle({ tmdbId, mediaType: 'movie', title, year: 2020 });
        const outcome = overseerr.store.createRequest({ mediaType: 'movie', mediaId: tmdbId }, requester);
        const id = (outcome.body as { id?: number }).id;
        if (outcome.status !== 201 || id === undefined) throw new Error(`seeding request failed: ${outcome.status}`);
        created.push({ overseerrRequestId: id, tmdbId, title });
      }
      return { created };
    },
    /** Applies the event to the fake's state and returns the body Overseerr would POST. */
    'POST /overseerr/webhook-body': (b) => {
      const type = b.type as WebhookType;
      const requestId = Number(b.requestId);
      overseerr.store.applyEvent({ type, requestId });
      return overseerr.renderWebhook({ type, requestId });
    },
  };

  const control = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const route = routes[`${req.method} ${req.url}`];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      Promise.resolve()
        .then(() => route(raw ? (JSON.parse(raw) as Record<string, unknown>) : {}))
        .then(
          (out) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out)),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
    });
  });
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

  const stop = () => {
    control.close();
    void Promise.all([plex.stop(), overseerr.stop()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The orchestrator holds our stdin open; when it dies, so do we.
  process.stdin.on('end', stop);
  process.stdin.resume();

  process.stdout.write(
    `${JSON.stringify({
      control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
      plexUrl: plex.url,
      plexToken: PLEX_TOKEN,
      overseerrUrl: overseerr.url,
      overseerrApiKey: OVERSEERR_API_KEY,
    })}\n`,
  );
}

main().catch((err: unknown) => {
  console.error('fakes-server failed:', err);
  process.exit(1);
});
