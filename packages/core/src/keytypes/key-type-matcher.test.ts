import { describe, expect, it } from 'vitest';
import { DEMO_KEY_TYPES } from '../demo/demo-config.ts';
import { compileKeyTypes, literalPrefix, namedGroupsOf } from './key-type-matcher.ts';

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

  it.each([
    [String.raw`^stable_(?<mid>\d{1,20})$`, 'stable_'],
    [String.raw`^m2u_\{(?<mid>\d{1,20})\}$`, 'm2u_{'],
    [String.raw`^events:[A-Za-z0-9:._-]{1,200}$`, 'events:'],
    [String.raw`^ü_(?<grüße>\d+)$`, 'ü_'],
    [String.raw`^a\.b\/c\^d\$`, 'a.b/c^d$'],
    // A character that may be absent (?, *, {n,m}) ends the prefix before it; one repeated (+) is in it.
    ['^abc*', 'ab'],
    ['^abc?d', 'ab'],
    ['^abc+', 'abc'],
    ['^abc{2}', 'ab'],
    [String.raw`^ab\.?`, 'ab'],
    // Nothing pinned: no anchor, a group, class, escape class, or anything at the start.
    ['stable_1', null],
    ['.*', null],
    ['^(key|counter)(:|$)', null],
    ['^[ab]c', null],
    [String.raw`^\d+`, null],
    [String.raw`^\bx`, null],
    [String.raw`^(?<=)x`, null],
    ['^$', null],
    // A top-level alternation unanchors the other side: `^ab|c` matches "xc".
    ['^ab|c', null],
    ['^ab[|]c', 'ab'],
    [String.raw`^ab\|c`, 'ab|c'],
    ['^ab(c|d)', 'ab'],
  ] as [string, string | null][])('literal prefix of %s is %j', (pattern, prefix) => {
    expect(literalPrefix(pattern)).toBe(prefix);
  });

  it('matches exactly as trying every pattern in order would', () => {
    const patterns = [
      ...DEMO_KEY_TYPES.map((t) => t.pattern),
      // Each reachable behind the ones before it.
      '^abc',
      '^ab*c$',
      String.raw`^a\.b`,
      '^a(?=b)',
      '^ab|ba',
      '^[ab]{2}$',
      '^ba?',
      'b$',
      '^$',
      '^(c|e)c',
    ];
    const types = patterns.map((pattern, i) => ({
      ...DEMO_KEY_TYPES[0]!,
      name: `t${i}`,
      pattern,
      dimension: { kind: 'fixed-instance' as const, instance: 'x' },
    }));
    const regexes = patterns.map((p) => new RegExp(p));
    const everyPattern = (key: string): string | null => {
      const at = regexes.findIndex((r) => r.test(key));
      return at < 0 ? null : `t${at}`;
    };
    // Keys over a small alphabet (so prefixes collide) and each demo pattern's own keys.
    const alphabet = ['a', 'b', 'c', '.', '_', 's', 'm', '1', '{', '}', ':', 'e', 'k'];
    const keys = [
      '',
      'stable_1',
      'm2u_{7}',
      'member_list_{3}',
      'key:x',
      'events:a',
      'u2m_z',
      'member_7_0',
      'shadow_{1}',
      '123',
      'ac',
      'abbbc',
    ];
    let seed = 7;
    for (let n = 0; n < 20_000; n++) {
      let key = '';
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
      const length = (seed >>> 16) % 6;
      for (let i = 0; i < length; i++) {
        seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
        key += alphabet[(seed >>> 16) % alphabet.length];
      }
      keys.push(key);
    }
    const matcher = compileKeyTypes(types);
    const differ = keys.filter((key) => (matcher.match(key)?.compiled.keyType.name ?? null) !== everyPattern(key));
    expect(differ).toEqual([]);
    // The keys reached every pattern, pinned or not.
    const matched = new Set(keys.map((key) => matcher.match(key)?.compiled.keyType.name));
    for (let i = 0; i < patterns.length; i++) expect(matched).toContain(`t${i}`);
  });
});
