import { describe, expect, it } from 'vitest';
import { isAcceptableText, pathToIllFormedText } from './endpoint';

describe('well-formed request text', () => {
  it('accepts ordinary text, emoji and combining marks', () => {
    for (const s of ['', 'The Matrix', 'Amélie', '千と千尋の神隠し', '\ud83d\ude00', 'e\u0301']) expect(isAcceptableText(s)).toBe(true);
  });

  it('refuses NUL and lone surrogates, high or low, anywhere in the string', () => {
    for (const s of ['\u0000', 'a\u0000b', '\ud800', '\udfff', 'x\ud83d', '\ude00y', '\ud83d\ud83d']) expect(isAcceptableText(s)).toBe(false);
  });

  it('finds the path of the first bad string or key in a nested body', () => {
    expect(pathToIllFormedText({ a: [{ b: 'ok' }, { c: 'bad\ud800' }] }, [])).toEqual(['a', '1', 'c']);
    expect(pathToIllFormedText({ ['k\ud800']: 1 }, [])).toEqual(['k\ufffd']);
    expect(pathToIllFormedText({ a: 1, b: [true, null, 'fine'] }, [])).toBeUndefined();
  });

  it('refuses nesting deeper than any schema accepts', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(pathToIllFormedText(deep, [])).toBeDefined();
  });
});
