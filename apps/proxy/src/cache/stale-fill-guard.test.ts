import { describe, expect, it } from 'vitest';
import { markerKey } from './stale-fill-guard.ts';

/** Redis Cluster's hash-tag rule: the first '{', then the first '}' after it, non-empty between. */
function tagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('stale-fill guard marker keys', () => {
  it('share the key hash slot: the key becomes the tag, or its own tag is kept', () => {
    expect(markerKey('stable_123')).toBe('sy:sfg:{stable_123}');
    expect(tagOf(markerKey('stable_123'))).toBe(tagOf('stable_123'));
    expect(markerKey('member_list_{42}')).toBe('sy:sfg:member_list_{42}');
    expect(tagOf(markerKey('member_list_{42}'))).toBe(tagOf('member_list_{42}'));
    // An unclosed '{' is no tag: the whole key hashes, and it becomes the marker's tag.
    expect(tagOf(markerKey('a{b'))).toBe('a{b');
    // A '}' without a tag cannot be inside a tag: such a key does not co-locate (documented; CROSSSLOT on a Cluster).
    expect(tagOf(markerKey('a{}b'))).not.toBe('a{}b');
  });
});
