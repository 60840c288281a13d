import { NotConfiguredError, UnauthenticatedError } from '../../common/errors';
import type { PlexServerIdentity } from '../../integrations/plex/plex-identity';
import { PlexTvTokenRejectedError, type PlexTvClient } from '../../integrations/plextv/plextv.client';
import { PlexTvSharingError, type PlexTvSharingClient } from '../../integrations/plextv/plextv-sharing.client';
import type { PlexAccount } from '../../integrations/plextv/plextv.schemas';
import type { PlexServerSection } from '../../integrations/plextv/plextv-sharing.schemas';
import type { SettingsService } from '../settings/settings.service';

export interface OwnerServer {
  ownerToken: string;
  machineId: string;
}

/**
 * What every sharing call needs: the owner's token and the server's machine
 * identifier, the owner's plex.tv account, and the translation of MediaNest's
 * library ids (PMS section keys) into plex.tv's section ids (UPSTREAMS F1).
 */
export class SharingContext {
  constructor(
    private readonly settings: SettingsService,
    private readonly identity: PlexServerIdentity,
    readonly plexTv: PlexTvClient,
    readonly sharing: PlexTvSharingClient,
  ) {}

  async server(): Promise<OwnerServer> {
    const { plex } = await this.settings.get();
    if (!plex.serverUrl || !plex.token) throw new NotConfiguredError('plex', 'Invitations need the Plex server and its owner token; an admin can set them up in Settings.');
    return { ownerToken: plex.token, machineId: await this.identity.machineIdentifier(plex.serverUrl) };
  }

  async account(token: string, whose: 'owner' | 'invitee'): Promise<PlexAccount> {
    try {
      return await this.plexTv.getAccount(token);
    } catch (err) {
      if (!(err instanceof PlexTvTokenRejectedError)) throw err;
      if (whose === 'invitee') throw new UnauthenticatedError('plex.tv did not accept your Plex sign-in; sign in with Plex again.');
      throw new PlexTvSharingError('token_rejected', 'read the owner account', "plex.tv refused the server owner's Plex token; an admin needs to update the Plex token in Settings.", 401);
    }
  }

  /** plex.tv section ids for these library ids; every library when the list is empty. */
  async sectionIds(server: OwnerServer, libraryKeys: string[]): Promise<number[]> {
    const sections = await this.sharing.serverSections(server.ownerToken, server.machineId);
    const step = 'match the libraries with plex.tv';
    if (sections.length === 0) throw new PlexTvSharingError('unreachable', step, 'plex.tv listed no libraries for this server (it sometimes does for a moment); try again shortly.');
    if (libraryKeys.length === 0) return sections.map((s) => s.id);
    return libraryKeys.map((key) => {
      const found = sections.find((s: PlexServerSection) => s.key === key);
      if (!found) throw new PlexTvSharingError('unreachable', step, `plex.tv does not list library ${key} of this server right now; try again shortly, or edit the invitation's libraries.`);
      return found.id;
    });
  }
}
