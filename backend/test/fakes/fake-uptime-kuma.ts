/**
 * Fake Uptime Kuma public status page API (docs/UPSTREAMS.md E1, E2), in its v2 (2.x) or v1 (1.23) form.
 */
import { FakeServer, type FakeResponse, type FakeServerOptions, NO_RESPONSE, type RecordedRequest, json } from './fake-server';

/** docs/UPSTREAMS.md E2: 0=DOWN, 1=UP, 2=PENDING, 3=MAINTENANCE. */
export const KumaStatus = { DOWN: 0, UP: 1, PENDING: 2, MAINTENANCE: 3 } as const;
export type KumaStatus = (typeof KumaStatus)[keyof typeof KumaStatus];

export interface KumaMonitorInput {
  id: number;
  name: string;
  type?: string;
  url?: string;
  /** Whether the status page shows the URL (Monitor.toPublicJSON adds `url` only then). */
  sendUrl?: boolean;
  /** Group name on the status page; default "Services". */
  group?: string;
}

export interface KumaBeat {
  status: KumaStatus;
  time: string;
  msg: string;
  ping: number | null;
}

export interface FakeUptimeKumaOptions extends FakeServerOptions {
  version?: 1 | 2;
  slug?: string;
  title?: string;
  now?: () => number;
}

interface Monitor extends Required<Omit<KumaMonitorInput, 'url'>> {
  url: string | undefined;
  beats: KumaBeat[];
  uptime24: number | undefined;
}

export class FakeUptimeKuma extends FakeServer {
  readonly version: 1 | 2;
  readonly slug: string;
  readonly title: string;
  private readonly monitors = new Map<number, Monitor>();
  private readonly now: () => number;
  private lastBeatMs = 0;

  constructor(options: FakeUptimeKumaOptions = {}) {
    super(options);
    this.version = options.version ?? 2;
    this.slug = options.slug ?? 'home';
    this.title = options.title ?? 'Home';
    this.now = options.now ?? Date.now;
  }

  addMonitor(input: KumaMonitorInput): void {
    this.monitors.set(input.id, {
      type: 'http', sendUrl: false, group: 'Services', ...input, url: input.url, beats: [], uptime24: undefined,
    });
  }

  /** Appends a heartbeat; times are strictly increasing so the list stays chronological. */
  pushBeat(id: number, status: KumaStatus, ping: number | null, options: { at?: number } = {}): KumaBeat {
    const monitor = this.requireMonitor(id);
    const at = Math.max(options.at ?? this.now(), this.lastBeatMs + 1);
    this.lastBeatMs = at;
    const beat: KumaBeat = { status, time: kumaTime(at), msg: '', ping };
    monitor.beats.push(beat);
    return beat;
  }

  /** Overrides the 24 h uptime ratio reported for the monitor (else derived from the beats). */
  setUptime(id: number, ratio: number): void {
    this.requireMonitor(id).uptime24 = ratio;
  }

  protected downResponse(): FakeResponse {
    // docs/UPSTREAMS.md E "Error helper": SQLITE_BUSY is the one 503 Uptime Kuma itself sends.
    return json(503, { status: 'fail', msg: 'SQLITE_BUSY: database is locked' });
  }

  protected handle(req: RecordedRequest): FakeResponse {
    if (req.method !== 'GET') return json(404, { status: 'fail', msg: 'Not Found' });
    const heartbeat = /^\/api\/status-page\/heartbeat\/([^/]+)$/.exec(req.path);
    if (heartbeat) return this.heartbeats(heartbeat[1] ?? '');
    const page = /^\/api\/status-page\/([^/]+)$/.exec(req.path);
    if (page) return this.statusPage(page[1] ?? '');
    return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body>Not Found</body></html>' };
  }

  private statusPage(slug: string): FakeResponse {
    if (slug !== this.slug) {
      // docs/UPSTREAMS.md E1: v2 answers 404; 1.23's handler returns null and never responds.
      return this.version === 2 ? json(404, { status: 'fail', msg: 'Status Page Not Found' }) : NO_RESPONSE;
    }
    const groups = [...new Set([...this.monitors.values()].map((m) => m.group))];
    return json(200, {
      config: this.config(),
      // docs/UPSTREAMS.md E1 shows v2's `incidents` list; 1.23 sent a single `incident` (from memory, UNVERIFIED).
      ...(this.version === 2 ? { incidents: [] } : { incident: null }),
      maintenanceList: [],
      publicGroupList: groups.map((name, i) => ({
        id: i + 1, name, weight: i + 1,
        monitorList: [...this.monitors.values()].filter((m) => m.group === name).map((m) => ({
          id: m.id, name: m.name, sendUrl: m.sendUrl ? 1 : 0, type: m.type, ...(m.sendUrl && m.url ? { url: m.url } : {}),
        })),
      })),
    });
  }

  /** docs/UPSTREAMS.md E1: the v2 and v1.23 config field lists differ. */
  private config(): Record<string, unknown> {
    const common = { slug: this.slug, title: this.title, description: null, icon: '/icon.svg' };
    if (this.version === 1) {
      return { ...common, theme: 'auto', published: true, showTags: false, customCSS: '', footerText: null, showPoweredBy: true, googleAnalyticsId: null, showCertificateExpiry: false };
    }
    return {
      ...common, autoRefreshInterval: 300, theme: 'auto', published: true, showTags: false, customCSS: '', footerText: null,
      showPoweredBy: true, analyticsId: null, analyticsScriptUrl: null, analyticsType: null, showCertificateExpiry: false,
      showOnlyLastHeartbeat: false, rssTitle: null,
    };
  }

  /** docs/UPSTREAMS.md E2: chronological, last 100 (50 in 1.23), keyed by id string; unknown slug → empty. */
  private heartbeats(slug: string): FakeResponse {
    const heartbeatList: Record<string, KumaBeat[]> = {};
    const uptimeList: Record<string, number> = {};
    if (slug === this.slug) {
      const limit = this.version === 2 ? 100 : 50;
      for (const m of this.monitors.values()) {
        heartbeatList[String(m.id)] = m.beats.slice(-limit);
        uptimeList[`${m.id}_24`] = m.uptime24 ?? this.uptime(m);
      }
    }
    return json(200, { heartbeatList, uptimeList });
  }

  /** UP (and MAINTENANCE) over UP + DOWN in the last 24 h; PENDING is not counted. */
  private uptime(m: Monitor): number {
    const since = this.now() - 86_400_000;
    const recent = m.beats.filter((b) => Date.parse(`${b.time.replace(' ', 'T')}Z`) >= since && b.status !== KumaStatus.PENDING);
    if (recent.length === 0) return 0;
    return recent.filter((b) => b.status !== KumaStatus.DOWN).length / recent.length;
  }

  private requireMonitor(id: number): Monitor {
    const monitor = this.monitors.get(id);
    if (!monitor) throw new Error(`FakeUptimeKuma: no monitor ${id}`);
    return monitor;
  }
}

/** `YYYY-MM-DD HH:mm:ss.SSS` in UTC (docs/UPSTREAMS.md E2). */
export function kumaTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
