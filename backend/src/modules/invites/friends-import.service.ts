import type { User } from '@prisma/client';
import type { AuditService } from '../audit/audit.service';
import type { InvitesRepository } from './invites.repository';
import type { SharingContext } from './sharing-context';

/**
 * Brings the owner's existing Plex friends who can use this server (UPSTREAMS F2) into
 * MediaNest's user list with their current libraries, so admins see everyone before their
 * first sign-in. Their first Plex sign-in then finds the account by Plex id.
 */
export class FriendsImport {
  constructor(
    private readonly repo: InvitesRepository,
    private readonly context: SharingContext,
    private readonly audit: AuditService,
  ) {}

  async run(actor: User, ip?: string): Promise<{ imported: number; updated: number; skipped: number }> {
    const server = await this.context.server();
    const friends = await this.context.sharing.friends(server.ownerToken);
    let imported = 0;
    let updated = 0;
    let skipped = 0;
    for (const friend of friends) {
      const share = friend.servers.find((s) => s.machineIdentifier === server.machineId);
      if (!share) {
        skipped++;
        continue;
      }
      const libraries = share.allLibraries ? 'all' : await this.context.sharing.shareLibraries(server.ownerToken, server.machineId, share.sharedServerId);
      const membership = { plexUserId: friend.id, sharedServerId: share.sharedServerId, libraryKeys: libraries === 'all' ? [] : libraries };
      const existing = await this.repo.findUserByPlexId(friend.id);
      if (existing) {
        // Someone MediaNest already manages keeps their membership (dates, invite); only unmanaged accounts get one.
        if (existing.membership) {
          skipped++;
          continue;
        }
        await this.repo.createMembership(existing.id, membership);
        updated++;
        continue;
      }
      const user = await this.repo.createFriend({ username: await this.freeUsername(friend.username, friend.id), email: friend.email, avatarUrl: friend.thumb, plexId: friend.id, plexUsername: friend.username });
      await this.repo.createMembership(user.id, membership);
      imported++;
    }
    await this.audit.record({ actorId: actor.id, action: 'admin.plex_friends_imported', details: { imported, updated, skipped }, ip });
    return { imported, updated, skipped };
  }

  private async freeUsername(username: string, id: string): Promise<string> {
    for (const candidate of [username, `${username}-plex`, `${username}-${id}`]) {
      if (await this.repo.isUsernameFree(candidate)) return candidate;
    }
    return `${username}-${id}-${Date.now()}`;
  }
}
