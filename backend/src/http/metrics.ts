// The metrics moved to src/shared/metrics.ts (integrations and jobs use them too); kept here so existing imports still work.
export * from '../shared/metrics';
