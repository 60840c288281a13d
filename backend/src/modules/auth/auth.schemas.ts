import { z } from 'zod';
import { userResponseSchema } from './user.presenter';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(1024),
});

export const MIN_PASSWORD_LENGTH = 12;
export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(1024),
});

/** plex.tv PIN ids are integers; clients may send them back as numbers or digit strings. */
export const pinBody = z.object({
  pinId: z.union([z.number().int().positive().max(2_147_483_647), z.string().regex(/^\d{1,10}$/).transform(Number)]),
  pinToken: z.string().min(16).max(200),
});

export const pinStartResponse = z.object({
  pinId: z.number().int(),
  pinToken: z.string(),
  code: z.string(),
  authUrl: z.string(),
  expiresAt: z.string(),
});

export const pendingResponse = z.object({ status: z.literal('pending') });

export const sessionResponse = z.object({ user: userResponseSchema, accessToken: z.string(), expiresAt: z.string() });
export const loginResponse = sessionResponse.extend({ mustChangePassword: z.boolean() });
export const meResponse = z.object({ user: userResponseSchema });

/** One of the signed-in user's sessions (a device). */
export const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
});
