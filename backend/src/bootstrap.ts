import type { Config } from './config/env';
import type { Logger } from './logging/logger';
import type { UserRepository } from './modules/auth/user.repository';
import { hashPassword } from './security/password';

export const DEFAULT_ADMIN_PASSWORD = 'admin';

/**
 * Creates the bootstrap admin when no admin exists. With the default password
 * it must be changed before anything else (mustChangePassword).
 */
export async function ensureBootstrapAdmin(users: UserRepository, config: Config, logger: Logger): Promise<'created' | 'exists'> {
  if ((await users.countAdmins()) > 0) return 'exists';
  const password = config.adminPassword || DEFAULT_ADMIN_PASSWORD;
  const existing = await users.findByUsername(config.adminUsername);
  const data = {
    role: 'admin' as const,
    status: 'active' as const,
    passwordHash: await hashPassword(password),
    mustChangePassword: password === DEFAULT_ADMIN_PASSWORD,
  };
  if (existing) await users.update(existing.id, data);
  else await users.create({ username: config.adminUsername, ...data });
  logger.info('bootstrap admin account ready', { username: config.adminUsername, mustChangePassword: data.mustChangePassword });
  return 'created';
}

export async function adminExists(users: UserRepository): Promise<boolean> {
  return (await users.countAdmins()) > 0;
}
