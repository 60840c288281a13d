import { z } from 'zod';
import { pageQuery } from '../../http/pagination';

export const usersQuery = pageQuery.extend({ search: z.string().trim().max(100).optional() });
export const userIdParams = z.object({ id: z.string().min(1).max(64) });
export const userPatchBody = z
  .object({ role: z.enum(['user', 'admin']).optional(), status: z.enum(['active', 'suspended']).optional() })
  .refine((b) => b.role !== undefined || b.status !== undefined, 'give role and/or status');

export const auditEntrySchema = z.object({
  id: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.unknown(),
  createdAt: z.string(),
  ip: z.string().nullable(),
});

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

// An empty form field clears a plain setting; secrets must be given or explicitly null.
const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const httpUrl = z.preprocess(
  blankToNull,
  z
    .string()
    .trim()
    .max(2048)
    .refine(isHttpUrl, 'must be an http or https URL without credentials')
    .transform((v) => v.replace(/\/+$/, ''))
    .nullable()
    .optional(),
);
const secret = z.string().trim().min(1).max(1024).nullable().optional();
const slug = z.preprocess(blankToNull, z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be a status page slug').nullable().optional());

/** Partial update: an omitted field is unchanged, null clears it. Read-only fields from GET are ignored. */
export const settingsBody = z.object({
  plex: z.object({ serverUrl: httpUrl, token: secret }).optional(),
  overseerr: z.object({ url: httpUrl, apiKey: secret, webhookSecret: secret }).optional(),
  uptimeKuma: z.object({ url: httpUrl, statusPage: slug }).optional(),
});
export type SettingsBody = z.infer<typeof settingsBody>;

export const settingsResponse = z.object({
  plex: z.object({ serverUrl: z.string().nullable(), tokenSet: z.boolean(), managedByEnv: z.boolean() }),
  overseerr: z.object({ url: z.string().nullable(), apiKeySet: z.boolean(), webhookSecretSet: z.boolean(), managedByEnv: z.boolean() }),
  uptimeKuma: z.object({ url: z.string().nullable(), statusPage: z.string().nullable(), managedByEnv: z.boolean() }),
});
export type SettingsResponse = z.infer<typeof settingsResponse>;
