import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, renderApiTypes } from './api-types';

describe('the web app\'s generated API types', () => {
  it('match the OpenAPI document the server produces (run `npm run api:generate` after changing a route)', async () => {
    const committed = fs.readFileSync(API_TYPES_FILE, 'utf8');
    expect(await renderApiTypes()).toBe(committed);
  }, 30_000);
});
