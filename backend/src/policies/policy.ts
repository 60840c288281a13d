/**
 * Authorization in one place: "may this actor do this (to this resource)?".
 * Routes and services ask here instead of comparing roles themselves (ESLint
 * refuses `role === 'admin'` anywhere else), so a rule changes in one file.
 * Hidden resources answer 404 where they are looked up, never 403, so the
 * answer does not reveal that they exist.
 */
export type Role = 'admin' | 'user';

export interface Actor {
  id: string;
  role: Role | string;
}

/** Something that belongs to one user (a media request, a notification, a follow...). */
export interface Owned {
  userId: string;
}

/** Every ability, with the resource it is about (`undefined`: about the actor alone). */
export interface Abilities {
  /** The admin API and admin-only routes. */
  'admin:access': undefined;
  /** Everyone's media requests (`scope=all`), and acting on any of them. */
  'request:list-all': undefined;
  'request:read': Owned;
  'request:cancel': Owned;
  /** Service URLs (internal addresses) in the status list. */
  'service:see-url': undefined;
  /** Live events meant for admins (every request update, admin notifications). */
  'events:admin': undefined;
}
export type Ability = keyof Abilities;

const isAdmin = (actor: Actor): boolean => actor.role === 'admin';
const ownsOrAdmin = (actor: Actor, resource: Owned): boolean => resource.userId === actor.id || isAdmin(actor);

const rules: { [A in Ability]: (actor: Actor, resource: Abilities[A]) => boolean } = {
  'admin:access': isAdmin,
  'request:list-all': isAdmin,
  'request:read': ownsOrAdmin,
  'request:cancel': ownsOrAdmin,
  'service:see-url': isAdmin,
  'events:admin': isAdmin,
};

/** Whether the actor may do it; abilities about a resource need the resource. */
export function can<A extends Ability>(actor: Actor, ability: A, ...resource: Abilities[A] extends undefined ? [] : [Abilities[A]]): boolean {
  return rules[ability](actor, resource[0] as Abilities[A]);
}
