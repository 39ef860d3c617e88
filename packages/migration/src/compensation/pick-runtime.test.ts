import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import type { MigrationRuntime } from '../shared/runtime.ts';
import { pickRuntime } from './pick-runtime.ts';

const none = {} as Redis; // never called: picking is pure
const rt = (id: string, from: string, to: string, prefix: string): MigrationRuntime => ({
  migration: { id, from, to },
  pair: { old: none, new: none },
  control: none,
  scope: { classify: (k) => (k.startsWith(prefix) ? { keyType: 't', valueFormat: 'plain' } : null) },
});

describe('pickRuntime', () => {
  const runtimes = [rt('a', 'old1', 'new1', 'a_'), rt('b', 'old1', 'new1', 'b_'), rt('c', 'old2', 'new2', '')];

  it('matches the instance pair in either write order, then the scope of the key', () => {
    expect(pickRuntime(runtimes, { primary: 'old1', secondary: 'new1', argv: ['SET', 'b_1', 'v'] })?.migration.id).toBe(
      'b',
    );
    expect(
      pickRuntime(runtimes, { primary: 'new1', secondary: 'old1', argv: ['MSET', 'a_1', 'v'] })?.migration.id,
    ).toBe('a');
    expect(pickRuntime(runtimes, { primary: 'new2', secondary: 'old2', argv: ['DEL', 'x'] })?.migration.id).toBe('c');
  });

  it('returns null for instances no migration pairs', () => {
    expect(pickRuntime(runtimes, { primary: 'old1', secondary: 'new2', argv: ['SET', 'a_1', 'v'] })).toBeNull();
  });
});
