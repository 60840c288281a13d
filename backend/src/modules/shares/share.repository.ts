import type { PrismaClient } from '@prisma/client';
import type { ShareFilters } from './library-view';

export type ShareKind = 'owner' | 'shared' | 'none';

export interface StoredShare {
  userId: string;
  kind: ShareKind;
  allLibraries: boolean;
  sectionKeys: string[];
  libraries: Array<{ key: string; title: string }>;
  filters: ShareFilters;
  checkedAt: Date;
  changedAt: Date;
}

export type ShareInput = Omit<StoredShare, 'userId' | 'checkedAt' | 'changedAt'>;

/** A Plex-linked user as the re-check needs it. */
export interface PlexUserRow {
  id: string;
  username: string;
  role: 'user' | 'admin';
  plexId: string;
  passwordHash: string | null;
}

/** Each user's last known share (Prisma only here). */
export class ShareRepository {
  constructor(private readonly prisma: PrismaClient) {}

  async get(userId: string): Promise<StoredShare | null> {
    const row = await this.prisma.plexShare.findUnique({ where: { userId } });
    return row ? toStored(row) : null;
  }

  async forUsers(userIds: string[]): Promise<Map<string, StoredShare>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.prisma.plexShare.findMany({ where: { userId: { in: userIds } } });
    return new Map(rows.map((r) => [r.userId, toStored(r)]));
  }

  /** Stores the share; changedAt moves only when what the user may see changed. True when it changed. */
  async save(userId: string, share: ShareInput, at: Date): Promise<boolean> {
    const before = await this.get(userId);
    const changed = !before || fingerprint(before) !== fingerprint(share);
    const data = {
      kind: share.kind,
      allLibraries: share.allLibraries,
      sectionKeys: share.sectionKeys,
      libraries: share.libraries,
      filters: share.filters as Record<string, string>,
      checkedAt: at,
      ...(changed ? { changedAt: at } : {}),
    };
    await this.prisma.plexShare.upsert({ where: { userId }, create: { userId, ...data, changedAt: at }, update: data });
    return changed;
  }

  /** Every user linked to a Plex account (the re-check's population), or just one of them. */
  async plexUsers(onlyId?: string): Promise<PlexUserRow[]> {
    const rows = await this.prisma.user.findMany({
      where: { plexId: { not: null }, ...(onlyId === undefined ? {} : { id: onlyId }) },
      select: { id: true, username: true, role: true, plexId: true, passwordHash: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map((r) => ({ ...r, plexId: r.plexId ?? '' }));
  }
}

function fingerprint(s: ShareInput): string {
  return JSON.stringify([s.kind, s.allLibraries, [...s.sectionKeys].sort(), s.filters]);
}

function toStored(row: {
  userId: string;
  kind: string;
  allLibraries: boolean;
  sectionKeys: string[];
  libraries: unknown;
  filters: unknown;
  checkedAt: Date;
  changedAt: Date;
}): StoredShare {
  return {
    userId: row.userId,
    kind: row.kind === 'owner' || row.kind === 'shared' ? row.kind : 'none',
    allLibraries: row.allLibraries,
    sectionKeys: row.sectionKeys,
    libraries: Array.isArray(row.libraries) ? (row.libraries as StoredShare['libraries']) : [],
    filters: row.filters && typeof row.filters === 'object' ? (row.filters as ShareFilters) : {},
    checkedAt: row.checkedAt,
    changedAt: row.changedAt,
  };
}
