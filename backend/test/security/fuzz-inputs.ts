import fc from 'fast-check';
import type { Operation } from './security-app';

/** Strings that have broken parsers, ORMs and templates before. */
export const NASTY_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '0',
  '-0',
  '-1',
  '1e308',
  '1e-308',
  'NaN',
  'Infinity',
  '0x10',
  ' 1',
  '9007199254740993',
  '99999999999999999999999999999',
  '..',
  '../../etc/passwd',
  '\u0000',
  '\u202e',
  '\ud83d\ude00',
  '\ud800',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${7*7}',
  'a'.repeat(5000),
];

export const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String) },
);

/** Percent-encoding that is not valid UTF-8 or not valid at all. */
const BROKEN_ENCODINGS = ['%', '%zz', '%E0%A4%A', '%C0%AE%C0%AE', '%2e%2e', '%2e%2e%2f%2e%2e', '%00', '%ff%fe', '..%5c..'];

/** encodeURIComponent, with lone surrogates (which it refuses) replaced. */
function encodeLoosely(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

/** A query-string or path component: usually properly encoded, sometimes deliberately broken. */
export const encodedComponent = (extra: string[] = []) =>
  fc.oneof(
    { weight: 6, arbitrary: nastyString.map(encodeLoosely) },
    { weight: 1, arbitrary: fc.constantFrom(...BROKEN_ENCODINGS) },
    ...(extra.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...extra.map(encodeURIComponent)) }] : []),
  );

const POISON_KEYS = ['__proto__', 'constructor', 'prototype', '__proto__[admin]', 'constructor[prototype][admin]', 'role', 'userId', 'status'];

/** A raw query string: documented names and poison keys, repeated names (a=1&a=2), broken encodings. */
export function queryString(op: Operation): fc.Arbitrary<string> {
  const names = [...op.queryParams, ...POISON_KEYS];
  const pair = fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names.map(encodeURIComponent)) }, { weight: 1, arbitrary: encodedComponent() }), encodedComponent());
  return fc.array(pair, { maxLength: 6 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** Path parameters: mostly nasty, sometimes real ids (ours, someone else's). */
export function pathValues(op: Operation, realIds: string[]): fc.Arbitrary<Record<string, string>> {
  const value = encodedComponent(realIds).filter((v) => v !== '');
  return fc.tuple(...op.pathParams.map(() => value)).map((values) => Object.fromEntries(op.pathParams.map((name, i) => [name, values[i]!])));
}

export type Body = { json: unknown } | { raw: string } | undefined;

/** A plausible body with one thing wrong (or extra fields a caller should not control). */
function mutations(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  const extras = fc.dictionary(fc.constantFrom(...POISON_KEYS, 'id', 'isAdmin', 'passwordHash', 'mustChangePassword'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
  return fc.oneof(
    // One field replaced by anything.
    fc.tuple(fc.constantFrom(...(keys.length > 0 ? keys : ['x'])), fc.jsonValue({ maxDepth: 3 })).map(([k, v]) => ({ ...valid, [k]: v })),
    // One field dropped.
    fc.constantFrom(...(keys.length > 0 ? keys : ['x'])).map((k) => Object.fromEntries(Object.entries(valid).filter(([name]) => name !== k))),
    // The valid body plus fields nobody documented.
    extras.map((e) => ({ ...valid, ...e })),
    // A nasty string in every string field.
    nastyString.map((s) => Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, typeof v === 'string' ? s : v]))),
    // __proto__ as an own key (JSON.parse keeps it as data).
    fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.parse(`{"__proto__": ${JSON.stringify(v ?? null)}, "constructor": {"prototype": {"role": "admin"}}}`) as unknown),
  );
}

export function bodyFor(valid: Record<string, unknown> | undefined): fc.Arbitrary<Body> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((json): Body => ({ json })) },
    { weight: 4, arbitrary: mutations(valid ?? {}).map((json): Body => ({ json })) },
    { weight: 1, arbitrary: fc.constant<Body>(undefined) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"a":', '[1,', 'nul', '{"a":1}}', '\u0000')).map((raw): Body => ({ raw })) },
  );
}
