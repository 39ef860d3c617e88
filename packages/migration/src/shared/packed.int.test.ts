/**
 * The packed fast paths (issue 20): backfill's DUMP→RESTORE pass-through and reconcile's
 * SHA1-of-DUMP first look, on real redis-servers. Binary keys must keep their bytes (the
 * engine encodes the keys' RESP frame itself, frame.ts), and a key whose DUMP bytes differ while its
 * value does not must still count as equal, the canonical digest deciding.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runBackfill } from '../backfill/run-backfill.ts';
import { observeBatch } from '../reconcile/observe-batch.ts';
import { runReconciliation } from '../reconcile/run-reconciliation.ts';
import { scopeAll } from '../scope/key-scope.ts';
import { RedisCursorStore } from '../stores/redis-cursor-store.ts';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { digestKeys } from './records.ts';
import { keyText } from './types.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());
beforeEach(() => t.flush());

/** A forward reconciliation of every key, old as the truth, reporting only (no repair). */
const reconcileAll = (migrationId: string) =>
  runReconciliation({
    migrationId,
    pair: t.pair,
    scope: scopeAll(),
    direction: 'forward',
    truth: 'old',
    recheckDelayMs: 0,
    repair: false,
  });
const binaryKey = (n: number): Buffer => Buffer.from([0xff, 0x80, n, 0x0d, 0x0a, 0xe9, 0x00, n + 1]);

describe('backfill, packed DUMP → RESTORE', () => {
  it('copies binary and ASCII keys byte for byte with their TTLs, then skips them when present', async () => {
    const { old, new: neu } = t.pair;
    for (let n = 0; n < 20; n++) {
      await old.set(binaryKey(n), Buffer.from([n, 0xfe, 0xc3, 0x28]), 'PX', 60_000);
      await old.hset(`ascii:${n}`, 'f1', `v${n}`, 'f2', 'w');
    }
    const run = (jobId: string): ReturnType<typeof runBackfill> =>
      runBackfill({ jobId, source: old, target: neu, scope: scopeAll(), cursorStore: new RedisCursorStore(t.control) });

    expect(await run('first')).toMatchObject({ done: true, inScope: 40, copied: 40, skipped: 0 });
    for (let n = 0; n < 20; n++) {
      expect((await neu.getBuffer(binaryKey(n)))!.equals(Buffer.from([n, 0xfe, 0xc3, 0x28]))).toBe(true);
      expect(await neu.pttl(binaryKey(n))).toBeGreaterThan(50_000);
      expect(await neu.hgetall(`ascii:${n}`)).toEqual({ f1: `v${n}`, f2: 'w' });
    }
    // Nothing was written under a mangled (UTF-8 re-encoded) name.
    expect(await neu.dbsize()).toBe(40);
    // Present now: strings are skipped, hashes take the merge path and add nothing.
    expect(await run('again')).toMatchObject({ done: true, inScope: 40, copied: 0, skipped: 40 });
  });
});

describe('backfill over an identical target', () => {
  it('skips a collection whose target DUMP is the same bytes, yet brings a TTL the target lacks', async () => {
    const { old, new: neu } = t.pair;
    for (const c of [old, neu]) {
      await c.hset('h:same', 'a', '1', 'b', '2');
      await c.hset('h:ttl', 'a', '1');
      await c.zadd('z:same', 1, 'm');
    }
    await old.pexpire('h:ttl', 60_000);
    await neu.hset('h:other', 'x', 'dual-written');
    await old.hset('h:other', 'x', 'old', 'y', 'only on old');

    const r = await runBackfill({
      jobId: 'same',
      source: old,
      target: neu,
      scope: scopeAll(),
      cursorStore: new RedisCursorStore(t.control),
    });

    // h:ttl gets its TTL (copied), h:other is merged (copied), the identical two are skipped.
    expect(r).toMatchObject({ done: true, inScope: 4, copied: 2, skipped: 2 });
    expect(await neu.pttl('h:ttl')).toBeGreaterThan(50_000);
    expect(await neu.pttl('h:same')).toBe(-1);
    expect(await neu.hgetall('h:other')).toEqual({ x: 'dual-written', y: 'only on old' });
  });
});

describe('backfill when the target refuses RESTORE', () => {
  it('copies through the per-type writers instead (here: a user without RESTORE)', async () => {
    const { old, new: neu } = t.pair;
    await neu.acl('SETUSER', 'mover', 'on', '>mover-pw', '~*', '&*', '+@all', '-restore');
    const target = new Redis({
      host: t.newServer.host,
      port: t.newServer.port,
      username: 'mover',
      password: 'mover-pw',
    });
    try {
      await old.set('s:refused', 'v', 'PX', 60_000);
      await old.hset('h:refused', 'a', '1', 'b', '2');
      await old.rpush('l:refused', 'x', 'y');

      const r = await runBackfill({
        jobId: 'refused',
        source: old,
        target,
        scope: scopeAll(),
        cursorStore: new RedisCursorStore(t.control),
      });

      expect(r).toMatchObject({ done: true, inScope: 3, copied: 3, skipped: 0 });
      expect(await neu.get('s:refused')).toBe('v');
      expect(await neu.pttl('s:refused')).toBeGreaterThan(50_000);
      expect(await neu.hgetall('h:refused')).toEqual({ a: '1', b: '2' });
      expect(await neu.lrange('l:refused', 0, -1)).toEqual(['x', 'y']);
    } finally {
      target.disconnect();
      await neu.acl('DELUSER', 'mover');
    }
  });
});

describe('prebuilt script frames', () => {
  it('fall back to EVAL when an instance forgot its scripts (a restart), on both sides', async () => {
    const { old, new: neu } = t.pair;
    await old.set('k:flush', 'v', 'PX', 60_000);
    const reconcile = () => reconcileAll('flush');
    const first = await reconcile();
    expect(first).toMatchObject({ scanned: 1, differing: 1 });
    await Promise.all([old.script('FLUSH'), neu.script('FLUSH')]);
    const copied = await runBackfill({
      jobId: 'flush',
      source: old,
      target: neu,
      scope: scopeAll(),
      cursorStore: new RedisCursorStore(t.control),
    });
    expect(copied).toMatchObject({ done: true, copied: 1 });
    expect(await neu.get('k:flush')).toBe('v');
    await Promise.all([old.script('FLUSH'), neu.script('FLUSH')]);
    const again = await reconcile();
    expect(again).toMatchObject({ scanned: 1, equal: 1, differing: 0 });
  });
});

describe('reconcile, SHA1-of-DUMP first look', () => {
  it('counts a hash equal whose DUMP bytes differ (field order), and finds real differences on binary keys', async () => {
    const { old, new: neu } = t.pair;
    await old.hset('h:order', 'a', '1', 'b', '2', 'c', '3');
    await neu.hset('h:order', 'c', '3', 'b', '2', 'a', '1');
    // The premise: same value, different serialisation.
    expect((await old.dumpBuffer('h:order'))!.equals((await neu.dumpBuffer('h:order'))!)).toBe(false);
    for (const c of [old, neu]) {
      await c.set(binaryKey(1), 'same');
      await c.set('s:ttl', 'same');
      await c.zadd('z:equal', 1, 'a', 2, 'b');
    }
    await old.set(binaryKey(2), 'old value');
    await neu.set(binaryKey(2), 'new value');
    await old.pexpire('s:ttl', 60_000);
    await old.set(binaryKey(3), 'only on old');

    const run = await reconcileAll('packed');

    expect(run).toMatchObject({ scanned: 6, equal: 3, differing: 3 });
    const reasons = Object.fromEntries(run.samples.map((s) => [s.key, s.reason]));
    expect(reasons).toEqual({
      [keyText(binaryKey(2))]: 'string value differs',
      [keyText(binaryKey(3))]: 'missing on new',
      's:ttl': 'ttl differs (old expires, new persistent)',
    });
  });

  it('observeBatch: null where the sides are alike, canonical digests of both sides elsewhere', async () => {
    const { old, new: neu } = t.pair;
    const keys = [Buffer.from('k:same'), Buffer.from('k:order'), binaryKey(9)];
    for (const c of [old, neu]) await c.set('k:same', 'v');
    await old.sadd('k:order', 'x', 'y', 'z');
    await neu.sadd('k:order', 'z', 'y', 'x');
    await old.set(binaryKey(9), 'a');
    await neu.set(binaryKey(9), 'b');

    const seen = await observeBatch(t.pair, keys, '---');

    expect(seen[0]).toBeNull();
    const [o, n] = await Promise.all([digestKeys(old, keys.slice(1)), digestKeys(neu, keys.slice(1))]);
    // Whatever the DUMP bytes of k:order, the canonical digests decide: equal sets agree.
    if (seen[1] !== null) expect(seen[1]).toEqual({ old: o[0], new: n[0] });
    expect(o[0]).toBe(n[0]);
    expect(seen[2]).toEqual({ old: o[1], new: n[1] });
    expect(o[1]).not.toBe(n[1]);
  });
});
