/**
 * What the signed-in user may do, asked in one place (the web app's mirror of the server's
 * backend/src/policies/policy.ts). The server decides: these only choose what to show, and
 * ESLint refuses role comparisons anywhere else in frontend/src.
 */
import type { User } from '../api/types';

/** Every ability the web app asks about (the server ability each one mirrors in brackets). */
export type Ability =
  /** Admin pages and their navigation (admin:access). */
  | 'admin:access'
  /** The user list: roles, suspension, Plex access, invitations (admin:access). */
  | 'users:manage'
  /** Integration settings and the setup checklist (admin:access). */
  | 'settings:manage'
  /** Everyone's requests: the request queue (request:list-all). */
  | 'request:list-all'
  /** Service URLs and what is not configured yet in the status list (service:see-url). */
  | 'service:see-url'
  /** Notifications meant for admins, such as service problems (events:admin). */
  | 'notifications:admin';

type Actor = Pick<User, 'role'>;

const isAdmin = (user: Actor): boolean => user.role === 'admin';

const rules: Record<Ability, (user: Actor) => boolean> = {
  'admin:access': isAdmin,
  'users:manage': isAdmin,
  'settings:manage': isAdmin,
  'request:list-all': isAdmin,
  'service:see-url': isAdmin,
  'notifications:admin': isAdmin,
};

/** Whether the user may do it; nobody signed in may do nothing. */
export function can(user: Actor | null | undefined, ability: Ability): boolean {
  return user ? rules[ability](user) : false;
}
