import { describe, expect, it } from 'vitest';
import { can } from './policy';

const admin = { id: 'a', role: 'admin' };
const alice = { id: 'u1', role: 'user' };
const bob = { id: 'u2', role: 'user' };

describe('the policy', () => {
  it('lets admins into the admin area and everyone\'s requests, users not', () => {
    expect(can(admin, 'admin:access')).toBe(true);
    expect(can(alice, 'admin:access')).toBe(false);
    expect(can(admin, 'request:list-all')).toBe(true);
    expect(can(alice, 'request:list-all')).toBe(false);
  });

  it('lets a user read and cancel only their own requests; admins any', () => {
    const alicesRequest = { userId: alice.id };
    expect(can(alice, 'request:read', alicesRequest)).toBe(true);
    expect(can(bob, 'request:read', alicesRequest)).toBe(false);
    expect(can(bob, 'request:cancel', alicesRequest)).toBe(false);
    expect(can(admin, 'request:cancel', alicesRequest)).toBe(true);
  });

  it('shows service URLs and admin events to admins only', () => {
    expect(can(admin, 'service:see-url')).toBe(true);
    expect(can(alice, 'service:see-url')).toBe(false);
    expect(can(alice, 'events:admin')).toBe(false);
  });

  it('treats an unknown role as a plain user', () => {
    expect(can({ id: 'x', role: 'owner' }, 'admin:access')).toBe(false);
  });
});
