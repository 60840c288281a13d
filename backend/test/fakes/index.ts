/** In-process fakes of MediaNest's upstreams, for tests and benchmarks. */
export * from './fake-server';
export * from './fake-plextv';
export * from './plextv-sharing';
export * from './fake-pms';
export { PlexLibrary, GENRES, PLEX_TYPE_NUMBER, buildSampleLibrary, thumbPath } from './pms-library';
export type { PlexCollection, PlexItem, PlexItemType, PlexSection, PlexSectionType, SampleLibraryOptions } from './pms-library';
export * from './fake-overseerr';
export { DEFAULT_WEBHOOK_TEMPLATE, renderWebhookPayload, truncateOverview } from './overseerr-webhook';
export type { NotificationPayload } from './overseerr-webhook';
export type { CatalogueTitle, MediaRow, OverseerrUser, RequestRow, OverseerrMediaType } from './overseerr-model';
export * from './fake-uptime-kuma';
