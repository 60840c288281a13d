import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './returnTo';

const ORIGIN = 'https://media.example.com';

describe('safeReturnTo', () => {
  it.each(['/', '/library/1', '/requests?status=pending', '/item/42#cast'])('follows the app path %s', (path) => {
    expect(safeReturnTo(path, ORIGIN)).toBe(path);
  });

  it.each([
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    'evil.example',
    '',
    '/sign-in',
    '/sign-in?next=/x',
    undefined,
    42,
  ])('goes home instead of %j', (from) => {
    expect(safeReturnTo(from, ORIGIN)).toBe('/');
  });
});
