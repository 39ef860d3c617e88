/**
 * Seed 003's stale-fill guard, end to end against real redis-servers: a SET of a cache key
 * within the window after a DEL is refused, through the same worker and through another
 * worker process sharing the backends (the marker lives on the backend, not in a worker).
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

const WINDOW_MS = 1500;
let demo: DemoFixture;
let other: Redis;

beforeAll(async () => {
  demo = await startDemo({
    edit: (s) => {
      for (const k of s.keyTypes) if (k.name === 'stable' || k.name === 'member_list') k.staleFillGuardMs = WINDOW_MS;
      // Keys with a stray '{' or an empty '{}': not a hash tag, as Redis Cluster reads them.
      s.keyTypes.push({
        name: 'braces',
        pattern: '^braces_.*$',
        dimension: { kind: 'fixed-instance', instance: 'control' },
        valueFormat: 'plain',
        readPolicy: 'primary',
        cacheTier: 'none',
        dataType: 'string',
        staleFillGuardMs: WINDOW_MS,
      });
    },
  });
  ({ client: other } = await demo.startWorker());
}, 60_000);
afterAll(async () => demo?.stop());

/** Redis Cluster's hash-tag rule: the first '{', then the first '}' after it, non-empty between. */
function tagOf(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

const refused = /^ERR SWITCHYARD stale-fill guard: '.*' was deleted less than 1500 ms ago/;

describe('stale-fill guard', () => {
  it('refuses a SET right after a DEL through the same worker, and lets it through after the window', async () => {
    const key = `stable_${meetingId(1, 501n)}`;
    const c = demo.client();
    expect(await c.set(key, 'v1')).toBe('OK');
    expect(await c.del(key)).toBe(1);
    await expect(c.set(key, 'stale')).rejects.toThrow(refused);
    await expect(c.setex(key, 60, 'stale')).rejects.toThrow(refused);
    expect(await demo.direct('gz-personal').exists(key)).toBe(0);
    await new Promise((r) => setTimeout(r, WINDOW_MS + 200));
    expect(await c.set(key, 'fresh')).toBe('OK');
    expect(await c.get(key)).toBe('fresh');
  });

  it('holds across two workers: a DEL through one refuses a SET through the other', async () => {
    const key = `stable_${meetingId(1, 502n)}`;
    const c = demo.client();
    expect(await other.set(key, 'v1')).toBe('OK');
    expect(await c.del(key)).toBe(1);
    await expect(other.set(key, 'stale')).rejects.toThrow(refused);
    expect(await other.get(key)).toBeNull();
  });

  it('guards UNLINK, GETDEL and a multi-key DEL too, and keeps SET semantics (NX, GET) otherwise', async () => {
    const c = demo.client();
    const [a, b, d] = [503n, 504n, 505n].map((r) => `stable_${meetingId(1, r)}`) as [string, string, string];
    await c.set(a, '1');
    await c.set(b, '2');
    expect(await c.getdel(a)).toBe('1');
    await expect(c.set(a, 'x')).rejects.toThrow(refused);
    expect(await c.del(b, d)).toBe(1);
    await expect(other.set(b, 'x')).rejects.toThrow(refused);
    await expect(other.set(d, 'x')).rejects.toThrow(refused);
    const e = `stable_${meetingId(1, 506n)}`;
    expect(await c.set(e, 'first', 'NX')).toBe('OK');
    expect(await c.set(e, 'second', 'NX')).toBeNull();
    expect(await c.set(e, 'third', 'GET')).toBe('first');
    await expect(c.set(e, 'v', 'EX', 'notanumber')).rejects.toThrow(/not an integer/);
  });

  it("keeps each key's marker in the key's hash slot, on the key's instance", async () => {
    const c = demo.client();
    /** The marker a DEL of `key` through the proxy leaves on instance `at`. */
    const markerOf = async (key: string, at: 'gz-personal' | 'others'): Promise<string> => {
      const backend = demo.direct(at);
      const before = new Set(await backend.keys('sy:sfg:*'));
      expect(await c.set(key, 'v')).toBe('OK');
      expect(await c.del(key)).toBe(1);
      const added = (await backend.keys('sy:sfg:*')).filter((m) => !before.has(m));
      expect(added).toHaveLength(1);
      return added[0]!;
    };
    // The key becomes the tag, or its own tag is kept.
    const stable = `stable_${meetingId(1, 508n)}`;
    expect(await markerOf(stable, 'gz-personal')).toBe(`sy:sfg:{${stable}}`);
    expect(tagOf(`sy:sfg:{${stable}}`)).toBe(tagOf(stable));
    const members = `member_list_{${meetingId(1, 509n)}}`;
    const membersMarker = await markerOf(members, 'gz-personal');
    expect(membersMarker).toBe(`sy:sfg:${members}`);
    expect(tagOf(membersMarker)).toBe(tagOf(members));
    // An unclosed '{' is no tag: the whole key hashes, and it becomes the marker's tag.
    expect(tagOf(await markerOf('braces_a{b', 'others'))).toBe('braces_a{b');
    // A '}' without a tag cannot be inside a tag: such a key does not co-locate (documented; CROSSSLOT on a Cluster).
    expect(tagOf(await markerOf('braces_a{}b', 'others'))).not.toBe('braces_a{}b');
  });

  it('leaves key types without a window alone', async () => {
    const key = meetingId(1, 507n);
    const c = demo.client();
    await c.set(key, 'v');
    expect(await c.del(key)).toBe(1);
    expect(await c.set(key, 'again')).toBe('OK');
  });
});
