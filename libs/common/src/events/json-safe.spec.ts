import { assertJsonSafe, EventPayloadError } from './json-safe.js';

describe('assertJsonSafe', () => {
  it('accepts what JSON keeps exactly', () => {
    expect(() => assertJsonSafe({ title: 'x', n: 1.5, done: false, tags: ['a', { b: null }], nested: { ok: [] } })).not.toThrow();
  });

  it.each<[string, unknown, string]>([
    ['a Date', { at: new Date(0) }, 'payload.at'],
    ['undefined', { a: [1, undefined] }, 'payload.a[1]'],
    ['NaN', { n: Number.NaN }, 'payload.n'],
    ['Infinity', { deep: { n: Number.POSITIVE_INFINITY } }, 'payload.deep.n'],
    ['a bigint', { n: 1n }, 'payload.n'],
    ['a function', { f: () => 1 }, 'payload.f'],
    ['a class instance', { m: new Map() }, 'payload.m'],
    ['a NUL character', { t: 'a\u0000b' }, 'payload.t'],
    ['a lone surrogate', { t: '\ud800' }, 'payload.t'],
    ['an array payload', [1], 'payload'],
    ['null', null, 'payload'],
  ])('refuses %s, naming where it is', (_label, payload, path) => {
    const error = (() => {
      try {
        assertJsonSafe(payload);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(EventPayloadError);
    expect((error as EventPayloadError).path).toBe(path);
  });

  it('bounds the nesting it walks', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 40; level++) deep = { deep };
    expect(() => assertJsonSafe(deep)).toThrow(/nested deeper than 32 levels/);
  });
});
