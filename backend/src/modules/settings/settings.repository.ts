import type { Prisma, PrismaClient, Setting } from '@prisma/client';

type Client = PrismaClient | Prisma.TransactionClient;

/**
 * Rows of the `settings` table (integration settings, `notify.*` settings, job markers and
 * snapshots). Prisma only here; values arrive already encrypted when they are secrets.
 */
export class SettingsRepository {
  constructor(private readonly db: Client) {}

  all(): Promise<Setting[]> {
    return this.db.setting.findMany();
  }

  withPrefix(prefix: string): Promise<Setting[]> {
    return this.db.setting.findMany({ where: { key: { startsWith: prefix } } });
  }

  find(key: string): Promise<Setting | null> {
    return this.db.setting.findUnique({ where: { key } });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.db.setting.count({ where: { key } })) > 0;
  }

  async put(key: string, value: string, encrypted = false): Promise<void> {
    await this.db.setting.upsert({ where: { key }, create: { key, value, encrypted }, update: { value, encrypted } });
  }

  async remove(key: string): Promise<void> {
    await this.db.setting.deleteMany({ where: { key } });
  }

  /** Inserts the row unless the key exists (or the insert fails otherwise): true when this call stored it. */
  async insertOnce(key: string, value: string): Promise<boolean> {
    try {
      await this.db.setting.create({ data: { key, value } });
      return true;
    } catch {
      return false;
    }
  }

  /** Inserts all rows in one transaction, or none (a key that exists fails the whole batch). */
  async insertAll(rows: Array<{ key: string; value: string; encrypted: boolean }>): Promise<void> {
    const prisma = this.db as PrismaClient;
    await prisma.$transaction(rows.map((data) => prisma.setting.create({ data })));
  }

  /** Runs `work` in one transaction; the repository it is given reads and writes inside it. */
  transaction<T>(work: (tx: SettingsRepository) => Promise<T>): Promise<T> {
    return (this.db as PrismaClient).$transaction((tx) => work(new SettingsRepository(tx)));
  }
}
