import type { User } from '@prisma/client';
import type { Metrics } from '../../common/metrics';
import { AppError, ConflictError, ConnectionTestFailedError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../common/errors';
import { PlexTvTokenRejectedError, type PlexTvClient } from '../../integrations/plextv/plextv.client';
import { providesServer, type PlexResource } from '../../integrations/plextv/plextv.schemas';
import type { Encryptor } from '../../security/encryption';
import type { SettingsService } from '../settings/settings.service';
import type { AdminSettingsService } from './admin-settings.service';
import { testPickedPlexServer, type ConnectionTestResult } from './connection-test';

/** A Plex server the admin's Plex account owns, as the setup checklist shows it (no token). */
export interface OwnedPlexServer {
  name: string;
  machineIdentifier: string;
  productVersion: string | null;
  connections: Array<{ uri: string; protocol: string; local: boolean; relay: boolean }>;
}

export interface PlexServerChoice {
  machineIdentifier: string;
  uri: string;
  /** Only test; save nothing. */
  dryRun?: boolean;
  /** Save although the test failed (never when the address leads to another server). */
  saveAnyway?: boolean;
}

type PickedServerTest = (url: string, token: string, server: { machineIdentifier: string; name: string }) => Promise<ConnectionTestResult>;

export interface PlexServerPickerDeps {
  plexTv: Pick<PlexTvClient, 'getResources'>;
  encryptor: Pick<Encryptor, 'decrypt'>;
  settings: Pick<SettingsService, 'get'>;
  settingsAdmin: Pick<AdminSettingsService, 'update'>;
  /** Times the test's calls (the outbound layer's upstream metric). */
  metrics: Metrics;
  /** Tries an address with a token against the expected server (a test hook). */
  test?: PickedServerTest;
}

const NOT_LINKED = 'Your MediaNest account has no linked Plex account. Link it (your name → Link Plex account) to pick your server, or enter the server URL and token by hand.';
const TOKEN_REFUSED = 'plex.tv no longer accepts the Plex sign-in stored for your account. Link your Plex account again, or enter the server URL and token by hand.';
const PLEX_TV_DOWN = 'plex.tv is not reachable right now, so your Plex servers cannot be listed. Try again in a moment, or enter the server URL and token by hand.';

/**
 * The setup checklist's Plex server picker: the servers the admin's linked Plex
 * account owns (plex.tv resources, docs/UPSTREAMS.md A5), and saving one of them
 * with the access token plex.tv gives for it. The token is looked up here and
 * goes only to that server's own addresses and into the encrypted settings.
 */
export class PlexServerPicker {
  private readonly test: PickedServerTest;

  constructor(private readonly d: PlexServerPickerDeps) {
    this.test = d.test ?? ((url, token, server) => testPickedPlexServer(d.metrics, url, token, server));
  }

  async list(actor: User): Promise<OwnedPlexServer[]> {
    return (await this.ownedServers(actor)).map((r) => ({
      name: r.name || r.clientIdentifier,
      machineIdentifier: r.clientIdentifier,
      productVersion: r.productVersion ?? null,
      connections: r.connections.map((c) => ({ uri: c.uri, protocol: c.protocol, local: c.local, relay: c.relay })),
    }));
  }

  /** Tests the picked server at the picked address and, unless a dry run, saves it as Plex settings (audited). */
  async choose(actor: User, choice: PlexServerChoice, ip?: string): Promise<{ saved: boolean; test: ConnectionTestResult }> {
    if (!choice.dryRun && (await this.d.settings.get()).plex.managedByEnv) {
      throw new ConflictError('plex settings come from the environment and cannot be changed here.');
    }
    const server = (await this.ownedServers(actor)).find((r) => r.clientIdentifier === choice.machineIdentifier);
    if (!server) throw new NotFoundError('Your Plex account does not own a server with that identifier (any more). Reload the list.');
    if (!server.connections.some((c) => c.uri === choice.uri)) {
      throw new ValidationError(`${choice.uri} is not one of the addresses plex.tv lists for ${server.name || 'that server'}.`);
    }
    if (!server.accessToken) throw new ConflictError(`plex.tv gave no access token for ${server.name || 'that server'}; enter the server URL and token by hand.`);
    const test = await this.test(choice.uri, server.accessToken, { machineIdentifier: server.clientIdentifier, name: server.name });
    if (choice.dryRun) return { saved: false, test };
    // Another server's address never gets this server's token, even when asked to save anyway.
    if (!test.ok && (test.cause === 'wrong_server' || !choice.saveAnyway)) throw new ConnectionTestFailedError(test.message, test.cause ?? 'http_error');
    await this.d.settingsAdmin.update(actor, { plex: { serverUrl: choice.uri, token: server.accessToken } }, ip, {
      via: 'plex_server_picker',
      server: { name: server.name, machineIdentifier: server.clientIdentifier },
      ...(test.ok ? {} : { savedAnyway: true, testCause: test.cause }),
    });
    return { saved: true, test };
  }

  private async ownedServers(actor: User): Promise<PlexResource[]> {
    const token = actor.plexTokenEnc ? this.d.encryptor.decrypt(actor.plexTokenEnc) : undefined;
    if (!token) throw new ConflictError(NOT_LINKED, 'PLEX_NOT_LINKED');
    let resources: PlexResource[];
    try {
      resources = await this.d.plexTv.getResources(token);
    } catch (err) {
      if (err instanceof PlexTvTokenRejectedError) throw new ConflictError(TOKEN_REFUSED, 'PLEX_NOT_LINKED');
      if (err instanceof AppError && err.status === 503) throw new ServiceUnavailableError('plex', PLEX_TV_DOWN);
      throw err;
    }
    return resources.filter((r) => r.owned && providesServer(r));
  }
}
