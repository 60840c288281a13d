import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../common/errors';
import type { Metrics } from '../../common/metrics';
import { UpstreamClient, type UpstreamResponse } from '../http/upstream-client';
import { UpstreamHttpError } from '../http/upstream-errors';
import { PLEX_PRODUCT } from './plextv.client';
import { pendingInvitesSchema, sharesSchema, type PlexFriend, type PlexServerSection } from './plextv-sharing.schemas';

export interface PlexTvSharingClientOptions {
  baseUrl: string;
  clientId: () => Promise<string>;
  version: string;
  metrics: Metrics;
  timeoutMs?: number;
}

export type SharingFailure = 'token_rejected' | 'not_found' | 'refused' | 'unreachable';

/**
 * A plex.tv sharing call that did not work. It renders as the contract's 503
 * naming Plex, with a message that says which step failed and why, so the
 * invitee and the admin (audit log) can tell what to do.
 */
export class PlexTvSharingError extends AppError {
  constructor(
    readonly reason: SharingFailure,
    readonly step: string,
    message: string,
    readonly upstreamStatus?: number,
  ) {
    super(503, 'SERVICE_UNAVAILABLE', message, { service: 'plex' });
  }
}

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token: string;
  /** Whose token it is, for the message when plex.tv refuses it. */
  whose: 'owner' | 'invitee';
  /** What MediaNest was doing, in words ("share the server"). */
  step: string;
  body?: unknown;
}

/** Elements that may repeat in plex.tv's legacy XML and must always be arrays. */
const REPEATED = new Set(['Section', 'User', 'Server', 'SharedServer']);
const ALREADY_SHARING = /already sharing/i;

/**
 * plex.tv sharing (UPSTREAMS F) with the owner's token, and accepting a share
 * with the invitee's: the server's sections (F3), the friends list (F2),
 * share / update / remove (F5-F7) and accepting the pending invite (F8).
 * Legacy `/api/...` routes answer XML whatever Accept says; `/api/v2` JSON.
 */
export class PlexTvSharingClient {
  private readonly xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => REPEATED.has(name) });
  /** The shared outbound layer: size cap, no redirects, whole-answer deadline, the plex.tv metric. */
  private readonly http: UpstreamClient;

  constructor(options: PlexTvSharingClientOptions) {
    this.http = new UpstreamClient({
      service: 'plex',
      metricLabel: 'plextv',
      baseUrl: options.baseUrl,
      // Sharing is an admin's or an invitee's one-off action: each failure is reported as it is, no breaker.
      breaker: null,
      timeoutMs: options.timeoutMs ?? 10_000,
      metrics: options.metrics,
      headers: async () => ({
        'X-Plex-Product': PLEX_PRODUCT,
        'X-Plex-Version': options.version,
        'X-Plex-Client-Identifier': await options.clientId(),
      }),
    });
  }

  /** The server's sections with both ids: plex.tv's global `id` (sharing calls) and the PMS `key` (F1, F3). */
  async serverSections(ownerToken: string, machineId: string): Promise<PlexServerSection[]> {
    const text = await this.call({ method: 'GET', path: `/api/servers/${encodeURIComponent(machineId)}`, token: ownerToken, whose: 'owner', step: "read the server's libraries" });
    const doc = this.parseXml(text, "read the server's libraries");
    const server = children(children(doc, 'MediaContainer')[0], 'Server')[0];
    return children(server, 'Section')
      .map((s) => ({ id: Number(s.id), key: attr(s, 'key'), title: attr(s, 'title'), type: attr(s, 'type') }))
      .filter((s) => Number.isSafeInteger(s.id) && s.key !== '');
  }

  /**
   * Shares the server (legacy POST, the call Wizarr makes through python-plexapi, F5).
   * plex.tv's 400 "already sharing" comes back as `already_sharing`: the caller updates the existing share (F9).
   */
  async share(ownerToken: string, machineId: string, input: { invitedEmail: string; sectionIds: number[]; allowSync: boolean }): Promise<{ status: 'shared'; sharedServerId: string | undefined } | { status: 'already_sharing' }> {
    const step = 'share the server';
    try {
      const text = await this.call({
        method: 'POST',
        path: `/api/servers/${encodeURIComponent(machineId)}/shared_servers`,
        token: ownerToken,
        whose: 'owner',
        step,
        body: {
          server_id: machineId,
          shared_server: { library_section_ids: input.sectionIds, invited_email: input.invitedEmail },
          sharing_settings: { allowSync: input.allowSync ? '1' : '0', allowCameraUpload: '0', allowChannels: '0', filterMovies: '', filterTelevision: '', filterMusic: '' },
        },
      });
      const doc = this.parseXml(text, step);
      const shared = children(doc, 'SharedServer')[0] ?? children(children(doc, 'MediaContainer')[0], 'SharedServer')[0];
      return { status: 'shared', sharedServerId: attr(shared, 'id') || undefined };
    } catch (err) {
      if (err instanceof PlexTvSharingError && err.reason === 'refused' && ALREADY_SHARING.test(err.message)) return { status: 'already_sharing' };
      throw err;
    }
  }

  /** The owner's share with this plex.tv account on this server, accepted or pending (F6 "finding the share id"). */
  async findShare(ownerToken: string, machineId: string, plexUserId: string): Promise<string | undefined> {
    for (const state of ['accepted', 'pending'] as const) {
      const text = await this.call({ method: 'GET', path: `/api/v2/shared_servers/owned/${state}`, token: ownerToken, whose: 'owner', step: 'find the existing share' });
      const parsed = sharesSchema.safeParse(parseJson(text));
      if (!parsed.success) throw this.unreadable('find the existing share');
      const found = parsed.data.find((s) => s.machineIdentifier === machineId && String(s.invitedId ?? s.invited?.id ?? '') === plexUserId);
      if (found) return String(found.id);
    }
    return undefined;
  }

  /** Replaces the share's libraries and settings in one call (F6 v2, as Wizarr does). */
  async updateShare(ownerToken: string, sharedServerId: string, input: { sectionIds: number[]; allowSync: boolean }): Promise<void> {
    await this.call({
      method: 'POST',
      path: `/api/v2/shared_servers/${encodeURIComponent(sharedServerId)}`,
      token: ownerToken,
      whose: 'owner',
      step: 'update the share',
      body: {
        settings: {
          allowSync: input.allowSync, allowChannels: false, allowCameraUpload: false, filterMovies: '', filterMusic: '',
          filterPhotos: null, filterTelevision: '', filterAll: null, allowSubtitleAdmin: false, allowTuners: 0,
        },
        librarySectionIds: input.sectionIds,
      },
    });
  }

  /** Removes this server's share (legacy DELETE, F7). A share plex.tv no longer knows counts as removed. */
  async removeShare(ownerToken: string, machineId: string, sharedServerId: string): Promise<void> {
    try {
      await this.call({ method: 'DELETE', path: `/api/servers/${encodeURIComponent(machineId)}/shared_servers/${encodeURIComponent(sharedServerId)}`, token: ownerToken, whose: 'owner', step: 'remove the share' });
    } catch (err) {
      if (err instanceof PlexTvSharingError && err.reason === 'not_found') return;
      throw err;
    }
  }

  /**
   * Accepts, with the invitee's own token, the pending invite from the owner (F8). No matching
   * invite means it was already accepted (Wizarr treats it the same way).
   */
  async acceptPendingInvite(inviteeToken: string, ownerNames: string[]): Promise<'accepted' | 'none'> {
    const step = 'accept the invitation for you';
    const text = await this.call({ method: 'GET', path: '/api/v2/shared_servers/invites/received/pending', token: inviteeToken, whose: 'invitee', step });
    const parsed = pendingInvitesSchema.safeParse(parseJson(text));
    if (!parsed.success) throw this.unreadable(step);
    const names = new Set(ownerNames.filter(Boolean).map((n) => n.toLowerCase()));
    const invite = parsed.data.find((i) => [i.owner.username, i.owner.email, i.owner.title, i.owner.friendlyName].some((n) => n && names.has(n.toLowerCase())));
    const shareId = invite?.sharedServers[0]?.id;
    if (shareId === undefined) return 'none';
    await this.call({ method: 'POST', path: `/api/v2/shared_servers/${encodeURIComponent(String(shareId))}/accept`, token: inviteeToken, whose: 'invitee', step });
    return 'accepted';
  }

  /** PMS keys of the libraries in one share (F4, one share), or 'all' when it shares every library. */
  async shareLibraries(ownerToken: string, machineId: string, sharedServerId: string): Promise<string[] | 'all'> {
    const step = "read a friend's share";
    const text = await this.call({ method: 'GET', path: `/api/servers/${encodeURIComponent(machineId)}/shared_servers/${encodeURIComponent(sharedServerId)}`, token: ownerToken, whose: 'owner', step });
    const doc = this.parseXml(text, step);
    const share = children(children(doc, 'MediaContainer')[0], 'SharedServer')[0] ?? children(doc, 'SharedServer')[0];
    if (attr(share, 'allLibraries') === '1') return 'all';
    return children(share, 'Section').filter((s) => attr(s, 'shared') === '1').map((s) => attr(s, 'key'));
  }

  /** The owner's Plex friends and their shares (F2, XML). */
  async friends(ownerToken: string): Promise<PlexFriend[]> {
    const step = 'list your Plex friends';
    const doc = this.parseXml(await this.call({ method: 'GET', path: '/api/users', token: ownerToken, whose: 'owner', step }), step);
    return children(children(doc, 'MediaContainer')[0], 'User').map((u) => ({
      id: attr(u, 'id'),
      // Home/managed users have no username or email (F1): fall back to the title.
      username: attr(u, 'username') || attr(u, 'title') || attr(u, 'id'),
      email: attr(u, 'email') || null,
      thumb: attr(u, 'thumb') || null,
      servers: children(u, 'Server').map((s) => ({
        sharedServerId: attr(s, 'id'),
        machineIdentifier: attr(s, 'machineIdentifier'),
        allLibraries: attr(s, 'allLibraries') === '1',
        pending: attr(s, 'pending') === '1',
      })),
    }));
  }

  private async call(c: Call): Promise<string> {
    let response: UpstreamResponse;
    try {
      response = await this.http.send({
        method: c.method,
        path: c.path,
        headers: { Accept: 'application/json', 'X-Plex-Token': c.token },
        body: c.body,
      });
    } catch (err) {
      if (err instanceof UpstreamHttpError) throw this.failure(c, err.upstreamStatus, typeof err.body === 'string' ? err.body : JSON.stringify(err.body ?? ''));
      throw new PlexTvSharingError('unreachable', c.step, `plex.tv is not reachable right now, so MediaNest could not ${c.step}; try again in a moment.`);
    }
    const text = response.body.toString('utf8');
    if (response.status >= 200 && response.status < 300) return text;
    throw this.failure(c, response.status, text);
  }

  private failure(c: Call, status: number, text: string): PlexTvSharingError {
    if (status === 401 || status === 403) {
      const message = c.whose === 'owner'
        ? `plex.tv refused the server owner's Plex token, so MediaNest could not ${c.step}; an admin needs to update the Plex token in Settings.`
        : `plex.tv refused your Plex sign-in, so MediaNest could not ${c.step}; sign in with Plex again.`;
      return new PlexTvSharingError('token_rejected', c.step, message, status);
    }
    if (status >= 500) return new PlexTvSharingError('unreachable', c.step, `plex.tv failed (HTTP ${status}) while MediaNest tried to ${c.step}; try again in a moment.`, status);
    if (status === 404) return new PlexTvSharingError('not_found', c.step, `plex.tv did not find what MediaNest needed to ${c.step} (HTTP 404).`, status);
    const reason = upstreamReason(text);
    return new PlexTvSharingError('refused', c.step, `plex.tv refused to ${c.step}${reason ? `: ${reason}` : ` (HTTP ${status})`}`, status);
  }

  private parseXml(text: string, step: string): XmlNode {
    try {
      return this.xml.parse(text) as XmlNode;
    } catch {
      throw this.unreadable(step);
    }
  }

  private unreadable(step: string): PlexTvSharingError {
    return new PlexTvSharingError('unreachable', step, `plex.tv sent an answer MediaNest could not read while trying to ${step}; try again in a moment.`);
  }
}

/** The reason plex.tv gives: `<Response status="…"/>` (legacy) or a JSON `errors[0].message` / `message` (F9 step 4). */
function upstreamReason(text: string): string | undefined {
  const fromXml = /<Response[^>]*\sstatus="([^"]*)"/.exec(text)?.[1];
  let reason = fromXml?.replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  if (!reason) {
    const body = parseJson(text) as { errors?: Array<{ message?: unknown }>; message?: unknown } | undefined;
    const message = body?.errors?.[0]?.message ?? body?.message;
    if (typeof message === 'string') reason = message;
  }
  return reason ? reason.slice(0, 200) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** An element as fast-xml-parser gives it: attributes as strings, child elements by tag name. */
type XmlNode = Record<string, unknown>;

function children(node: XmlNode | undefined, tag: string): XmlNode[] {
  const value = node?.[tag];
  if (Array.isArray(value)) return value.filter((v): v is XmlNode => typeof v === 'object' && v !== null);
  return value && typeof value === 'object' ? [value as XmlNode] : [];
}

function attr(node: XmlNode | undefined, name: string): string {
  const value = node?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
