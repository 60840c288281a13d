import { describe, expect, it } from 'vitest';
import { can, type Ability } from './policy';

const ABILITIES: Ability[] = ['admin:access', 'users:manage', 'settings:manage', 'request:list-all', 'service:see-url', 'notifications:admin'];

describe('can(user, ability)', () => {
  it.each(ABILITIES)('lets an admin %s', (ability) => {
    expect(can({ role: 'admin' }, ability)).toBe(true);
  });

  it.each(ABILITIES)('does not let a regular user %s', (ability) => {
    expect(can({ role: 'user' }, ability)).toBe(false);
  });

  it('lets nobody who is not signed in do anything', () => {
    for (const ability of ABILITIES) {
      expect(can(null, ability)).toBe(false);
      expect(can(undefined, ability)).toBe(false);
    }
  });
});
