import { z } from 'zod';

/*
 * The slices of Plex Media Server's JSON that MediaNest reads (docs/UPSTREAMS.md B).
 * Objects are loose: PMS adds attributes between versions, and only the ones
 * named here matter. Ids arrive as strings but some servers send numbers, so
 * both are accepted and normalised to strings.
 */

const id = z.union([z.string(), z.number()]).transform(String);
const optionalNumber = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]).optional();

export const plexGuidSchema = z.looseObject({ id: z.string() });

export const plexMetadataSchema = z.looseObject({
  ratingKey: id,
  key: z.string().optional(),
  type: z.string(),
  title: z.string().default(''),
  year: optionalNumber,
  thumb: z.string().optional(),
  summary: z.string().optional(),
  addedAt: optionalNumber,
  librarySectionID: id.optional(),
  librarySectionKey: z.string().optional(),
  childCount: optionalNumber,
  leafCount: optionalNumber,
  index: optionalNumber,
  parentRatingKey: id.optional(),
  grandparentRatingKey: id.optional(),
  score: optionalNumber,
  Guid: z.array(plexGuidSchema).optional(),
  /** Milliseconds. */
  duration: optionalNumber,
  rating: optionalNumber,
  audienceRating: optionalNumber,
  contentRating: z.string().optional(),
  Genre: z.array(z.looseObject({ tag: z.string() })).optional(),
  /** Cast: `tag` is the actor, `role` the character. */
  Role: z.array(z.looseObject({ tag: z.string(), role: z.string().optional() })).optional(),
});
export type PlexMetadata = z.infer<typeof plexMetadataSchema>;

/** A listing (section items, children, collections, recently added). */
export const plexListingSchema = z.object({
  MediaContainer: z.looseObject({
    size: optionalNumber,
    totalSize: optionalNumber,
    offset: optionalNumber,
    librarySectionID: id.optional(),
    Metadata: z.array(plexMetadataSchema).default([]),
  }),
});
export type PlexListing = z.infer<typeof plexListingSchema>['MediaContainer'];

export const plexSectionsSchema = z.object({
  MediaContainer: z.looseObject({
    Directory: z
      .array(z.looseObject({ key: id, type: z.string(), title: z.string() }))
      .default([]),
  }),
});
export type PlexSection = z.infer<typeof plexSectionsSchema>['MediaContainer']['Directory'][number];

/** `/hubs/search`: hubs without results carry no Metadata key; genre hubs carry Directory instead. */
export const plexHubSearchSchema = z.object({
  MediaContainer: z.looseObject({
    Hub: z
      .array(z.looseObject({ type: z.string(), hubIdentifier: z.string().optional(), Metadata: z.array(plexMetadataSchema).optional() }))
      .default([]),
  }),
});
export type PlexHub = z.infer<typeof plexHubSearchSchema>['MediaContainer']['Hub'][number];

/** `GET /identity` (no token needed): the one schema for it, used by the library client, sign-in and the service check. */
export const plexIdentitySchema = z.object({
  MediaContainer: z.looseObject({ machineIdentifier: z.string().min(1), version: z.string(), claimed: z.boolean().optional() }),
});
export type PlexIdentity = z.infer<typeof plexIdentitySchema>['MediaContainer'];
