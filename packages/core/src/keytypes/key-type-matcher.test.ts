import { describe, expect, it } from 'vitest';
import { DEMO_KEY_TYPES } from '../demo/demo-config.ts';
import { compileKeyTypes, namedGroupsOf } from './key-type-matcher.ts';

describe('key-type matcher', () => {
  const m = compileKeyTypes(DEMO_KEY_TYPES);

  it.each([
    ['1234567890', 'meeting_info', { mid: '1234567890' }],
    ['stable_42', 'stable', { mid: '42' }],
    ['member_list_{42}', 'member_list', { mid: '42' }],
    ['member_7_0', 'member', { tinyid: '7', appid: '0' }],
    ['u2m_alice', 'u2m', { uid: 'alice' }],
    ['m2u_{42}', 'm2u', { mid: '42' }],
    ['shadow_{42}', 'shadow', { mid: '42' }],
    ['key:__rand_int__', 'bench', {}],
  ])('%s → %s', (key, type, groups) => {
    const hit = m.match(key);
    expect(hit?.compiled.keyType.name).toBe(type);
    expect(hit?.groups).toMatchObject(groups);
  });

  it('keeps named groups of every spelling, and lookbehinds are not mistaken for them', () => {
    const types = [
      { name: 'unicode', pattern: String.raw`^ü_(?<grüße>\d+)$` },
      { name: 'behind', pattern: String.raw`^(?<=)x(?<!y)_(\d+)$` },
      { name: 'plain', pattern: String.raw`^plain_(\d+)$` },
    ].map((t) => ({ ...DEMO_KEY_TYPES[0]!, ...t, dimension: { kind: 'fixed-instance' as const, instance: 'x' } }));
    const matcher = compileKeyTypes(types);
    expect(matcher.match('ü_12')?.groups).toEqual({ grüße: '12' });
    expect(matcher.match('x_3')).toMatchObject({ compiled: { keyType: { name: 'behind' } }, groups: {} });
    expect(matcher.match('plain_4')).toMatchObject({ compiled: { keyType: { name: 'plain' } }, groups: {} });
    expect(matcher.match('plain_')).toBeNull();
  });

  it('returns null when nothing matches', () => {
    expect(m.match('member_list_42')).toBeNull();
    expect(m.match('')).toBeNull();
  });

  it('takes the first matching pattern in order', () => {
    const broad = {
      ...DEMO_KEY_TYPES[0]!,
      name: 'anything',
      pattern: '.*',
      dimension: { kind: 'fixed-instance' as const, instance: 'x' },
    };
    expect(compileKeyTypes([broad, ...DEMO_KEY_TYPES]).match('stable_1')?.compiled.keyType.name).toBe('anything');
    expect(compileKeyTypes([...DEMO_KEY_TYPES, broad]).match('stable_1')?.compiled.keyType.name).toBe('stable');
  });

  it('lists the named groups of a pattern', () => {
    expect(namedGroupsOf(String.raw`^member_(?<tinyid>\d+)_(?<appid>\d+)$`)).toEqual(['tinyid', 'appid']);
    expect(namedGroupsOf('^(?:a)(b)$')).toEqual([]);
  });
});
