// The typed errors moved to src/shared/errors.ts (integrations and jobs use them too); kept here so existing imports still work.
export * from '../shared/errors';
