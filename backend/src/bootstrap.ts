import type { PrismaClient } from '@prisma/client';
import type { Config } from './config/env';
import type { Logger } from './logging/logger';
import { hashPassword } from './security/password';

export const DEFAULT_ADMIN_PASSWORD = 'admin';

/**
 * Creates the bootstrap admin when no admin exists. With the default password
 * it must be changed before anything else (mustChangePassword).
 */
export async function ensureBootstrapAdmin(prisma: PrismaClient, config: Config, logger: Logger): Promise<'created' | 'exists'> {
  const admins = await prisma.user.count({ where: { role: 'admin' } });
  if (admins > 0) return 'exists';
  const password = config.adminPassword || DEFAULT_ADMIN_PASSWORD;
  const existing = await prisma.user.findUnique({ where: { username: config.adminUsername } });
  const data = {
    role: 'admin' as const,
    status: 'active' as const,
    passwordHash: await hashPassword(password),
    mustChangePassword: password === DEFAULT_ADMIN_PASSWORD,
  };
  if (existing) await prisma.user.update({ where: { id: existing.id }, data });
  else await prisma.user.create({ data: { username: config.adminUsername, ...data } });
  logger.info('bootstrap admin account ready', { username: config.adminUsername, mustChangePassword: data.mustChangePassword });
  return 'created';
}

export async function adminExists(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.user.count({ where: { role: 'admin' } })) > 0;
}
