/**
 * `POST /api/v1/user/import-from-plex` of the fake Overseerr (UPSTREAMS G7, [OS] routes/user/index.ts).
 * The fake does not call plex.tv: the users the owner's plex.tv account lists (F2) and whether
 * each can reach the server (`checkUserAccess`) are configured on the fake instead.
 */
import { type OverseerrUser, Permission, userJson } from './overseerr-model';
import type { OverseerrStore } from './overseerr-store';

/** One `<User>` of plex.tv's `/api/users` as Overseerr reads it (ids are strings in the XML). */
export interface PlexTvFriend {
  id: string;
  username: string;
  /** Managed Home users have none; Overseerr skips them. */
  email: string | null;
  thumb?: string;
  /** Whether plex.tv lists Overseerr's server among this user's shared servers. */
  hasServerAccess: boolean;
}

export class PlexImport {
  /** The users plex.tv would list for the Overseerr admin's token. */
  readonly friends: PlexTvFriend[] = [];
  /** settings.main.defaultPermissions, given to every imported user (Overseerr's default: REQUEST). */
  defaultPermissions: number = Permission.REQUEST;
  /** Makes plex.tv unreachable for Overseerr: the route answers 500 with the error text. */
  plexTvFails = false;

  constructor(private readonly store: OverseerrStore) {}

  addFriend(friend: PlexTvFriend): PlexTvFriend {
    this.friends.push(friend);
    return friend;
  }

  /** The route's body: 201 with the newly created users only, filtered as for a non-manager. */
  run(body: unknown): { status: number; body: unknown } {
    if (this.plexTvFails) return { status: 500, body: { message: 'getaddrinfo ENOTFOUND plex.tv' } };
    const plexIds = (body as { plexIds?: unknown } | undefined)?.plexIds;
    // [OS] compares with `includes` against the XML's string ids: numbers never match (UPSTREAMS G7).
    const wanted = Array.isArray(plexIds) ? (plexIds as unknown[]) : undefined;
    const created: OverseerrUser[] = [];
    for (const friend of this.friends) {
      if (!friend.email) continue;
      const existing = [...this.store.users.values()].find(
        (u) => u.plexId === Number(friend.id) || u.email.toLowerCase() === friend.email!.toLowerCase(),
      );
      if (existing) {
        // Existing users are updated (a LOCAL user becomes PLEX) but not returned.
        Object.assign(existing, { plexId: Number(friend.id), plexUsername: friend.username, email: friend.email, userType: 1, updatedAt: this.store.iso() });
        continue;
      }
      if (wanted !== undefined && !wanted.includes(friend.id)) continue;
      if (!friend.hasServerAccess) continue;
      const id = Math.max(0, ...this.store.users.keys()) + 1;
      const user = this.store.addUser({ id, email: friend.email, plexId: Number(friend.id), plexUsername: friend.username, permissions: this.defaultPermissions });
      created.push(user);
    }
    return { status: 201, body: created.map((u) => userJson(u, { showFiltered: false })) };
  }
}
