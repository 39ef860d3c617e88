import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeSeq } from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { FileCursorStore } from '../stores/file-cursor-store.ts';
import { RedisCursorStore } from '../stores/redis-cursor-store.ts';
import type { CursorStore } from '../stores/cursor-store.ts';
import { startInstances, waitReady, type TestInstances } from '../test-support/instances.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { runBackfill, type BackfillProgress } from './run-backfill.ts';

let t: TestInstances;
let dir: string;
beforeAll(async () => {
  t = await startInstances();
  dir = await mkdtemp(path.join(os.tmpdir(), 'sy-backfill-'));
});
afterAll(async () => {
  await t?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => t.flush());

const scopeOf = (over = {}) => {
  const m = migrationOf(over);
  return scopeFromConfig(testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [m]), m);
};
const mid = (n: number): string => midWithCode(1, n);

describe('backfill: every data type, TTLs kept, dual-write wins', () => {
  it('copies absent keys with their TTL and merges without overwriting dual-written values', async () => {
    const { old, new: neu } = t.pair;
    const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await old.set(mid(0), Buffer.concat([Buffer.from(writeSeq(7n)), Buffer.from('info')]), 'PX', 60_000);
    await old.set(`stable_${mid(1)}`, 'old-stable');
    await old.hset(`member_list_{${mid(2)}}`, { f1: 'old1', f2: 'old2', f3: 'old3' });
    await old.expire(`member_list_{${mid(2)}}`, 100);
    await old.zadd(`m2u_{${mid(3)}}`, 1, 'u1', 2.5, 'u2', -3, 'u3');
    await old.sadd(`mset_{${mid(4)}}`, 'a', 'b', 'c');
    await old.rpush(`mlist_{${mid(5)}}`, 'x', 'y', 'z');
    await old.pexpire(`mlist_{${mid(5)}}`, 50_000);
    await old.set(`stable_${mid(8)}`, binary);
    await old.rpush(`mlist_{${mid(9)}}`, 'p', 'q');
    await old.xadd(`shadow_{${mid(10)}}`, '1-1', 'f', 'v'); // streams ride along with DUMP/RESTORE
    // Out of scope: code 2, a fixed-instance key type, and a key no type matches.
    await old.set(midWithCode(2, 1), 'code 2');
    await old.set('key:1', 'bench');
    await old.set('junk', 'no key type');
    // The dual-write got there first on these.
    await neu.set(`stable_${mid(1)}`, 'dual-written');
    await neu.hset(`member_list_{${mid(2)}}`, 'f1', 'dual');
    await neu.zadd(`m2u_{${mid(3)}}`, 99, 'u1');
    await neu.rpush(`mlist_{${mid(5)}}`, 'dual');

    const store = new RedisCursorStore(t.control);
    const result = await runBackfill({
      jobId: 'm-test',
      source: old,
      target: neu,
      scope: scopeOf(),
      cursorStore: store,
    });

    expect(result).toMatchObject({ done: true, scanned: 12, inScope: 9, copied: 7, skipped: 2, conflicts: 0 });
    expect((await neu.getBuffer(mid(0)))!.subarray(8).toString()).toBe('info');
    expect(await neu.pttl(mid(0))).toBeGreaterThan(50_000);
    expect(await neu.get(`stable_${mid(1)}`)).toBe('dual-written');
    expect(await neu.hgetall(`member_list_{${mid(2)}}`)).toEqual({ f1: 'dual', f2: 'old2', f3: 'old3' });
    expect(await neu.ttl(`member_list_{${mid(2)}}`)).toBeGreaterThan(90);
    expect(await neu.zrange(`m2u_{${mid(3)}}`, 0, -1, 'WITHSCORES')).toEqual(['u3', '-3', 'u2', '2.5', 'u1', '99']);
    expect((await neu.smembers(`mset_{${mid(4)}}`)).sort()).toEqual(['a', 'b', 'c']);
    expect(await neu.lrange(`mlist_{${mid(5)}}`, 0, -1)).toEqual(['dual']);
    expect(await neu.pttl(`mlist_{${mid(5)}}`)).toBe(-1);
    expect((await neu.getBuffer(`stable_${mid(8)}`))!.equals(binary)).toBe(true);
    expect(await neu.lrange(`mlist_{${mid(9)}}`, 0, -1)).toEqual(['p', 'q']);
    expect(await neu.pttl(`mlist_{${mid(9)}}`)).toBe(-1);
    expect(await neu.exists(midWithCode(2, 1), 'key:1', 'junk')).toBe(0);
    expect(await neu.xrange(`shadow_{${mid(10)}}`, '-', '+')).toEqual([['1-1', ['f', 'v']]]);
    expect(await store.load('m-test')).toMatchObject({ done: true, copied: 7 });
  });

  it('copies collections above the inline limit in chunks, still "if absent"', async () => {
    const { old, new: neu } = t.pair;
    const fields = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`f${i}`, `v${i}`]));
    await old.hset(`member_list_{${mid(20)}}`, fields);
    await old.expire(`member_list_{${mid(20)}}`, 500);
    await old.rpush(`mlist_{${mid(21)}}`, ...Array.from({ length: 1300 }, (_, i) => `i${i}`));
    await old.zadd(`m2u_{${mid(22)}}`, ...Array.from({ length: 1200 }, (_, i) => [i, `m${i}`]).flat());
    await old.sadd(`mset_{${mid(23)}}`, ...Array.from({ length: 1100 }, (_, i) => `s${i}`));
    await neu.hset(`member_list_{${mid(20)}}`, 'f7', 'dual');

    const result = await runBackfill({
      jobId: 'big',
      source: old,
      target: neu,
      scope: scopeOf(),
      cursorStore: new RedisCursorStore(t.control),
      inlineLimit: 100,
      inlineBytes: 1000,
      chunk: 256,
    });

    expect(result).toMatchObject({ done: true, inScope: 4, copied: 4, bigKeys: 4 });
    const h = await neu.hgetall(`member_list_{${mid(20)}}`);
    expect(Object.keys(h)).toHaveLength(1500);
    expect(h.f7).toBe('dual');
    expect(h.f1499).toBe('v1499');
    expect(await neu.ttl(`member_list_{${mid(20)}}`)).toBeGreaterThan(400);
    expect(await neu.lrange(`mlist_{${mid(21)}}`, 0, -1)).toEqual(await old.lrange(`mlist_{${mid(21)}}`, 0, -1));
    expect(await neu.zrange(`m2u_{${mid(22)}}`, 0, -1, 'WITHSCORES')).toEqual(
      await old.zrange(`m2u_{${mid(22)}}`, 0, -1, 'WITHSCORES'),
    );
    expect(await neu.scard(`mset_{${mid(23)}}`)).toBe(1100);
  });

  it('copies strings empty, expiring, above the inline bytes, and leaves a key of another type alone', async () => {
    const { old, new: neu } = t.pair;
    const big = Buffer.alloc(5000, 'b');
    await old.set(`stable_${mid(30)}`, '');
    await old.set(`stable_${mid(31)}`, 'expiring', 'PX', 40_000);
    await old.set(`stable_${mid(32)}`, big);
    await old.set(`stable_${mid(33)}`, 'old-string');
    await neu.hset(`stable_${mid(33)}`, 'f', 'a hash the dual-write left');

    const result = await runBackfill({
      jobId: 'strings',
      source: old,
      target: neu,
      scope: scopeOf(),
      cursorStore: new RedisCursorStore(t.control),
      inlineBytes: 1000,
    });

    expect(result).toMatchObject({ done: true, inScope: 4, copied: 3, skipped: 1 });
    expect(await neu.get(`stable_${mid(30)}`)).toBe('');
    expect(await neu.pttl(`stable_${mid(30)}`)).toBe(-1);
    expect(await neu.get(`stable_${mid(31)}`)).toBe('expiring');
    expect(await neu.pttl(`stable_${mid(31)}`)).toBeGreaterThan(30_000);
    expect((await neu.getBuffer(`stable_${mid(32)}`))!.equals(big)).toBe(true);
    expect(await neu.hgetall(`stable_${mid(33)}`)).toEqual({ f: 'a hash the dual-write left' });
  });
});

describe('backfill: scope and resume', () => {
  it('with scope mid % 2 == 1 copies only odd meetings', async () => {
    const { old, new: neu } = t.pair;
    for (let n = 0; n < 40; n++) await old.set(`stable_${mid(n)}`, `v${n}`);
    const result = await runBackfill({
      jobId: 'split',
      source: old,
      target: neu,
      scope: scopeOf({ scope: { modulo: 2, remainder: 1 } }),
      cursorStore: new RedisCursorStore(t.control),
    });
    expect(result).toMatchObject({ done: true, scanned: 40, inScope: 20, copied: 20 });
    for (let n = 0; n < 40; n++) expect(await neu.exists(`stable_${mid(n)}`)).toBe(n % 2);
  });

  const stores: [string, () => CursorStore][] = [
    ['file', () => new FileCursorStore(dir)],
    ['redis hash', () => new RedisCursorStore(t.control)],
  ];
  it.each(stores)(
    'resumes from the cursor persisted in the %s store after an interruption',
    async (_name, makeStore) => {
      const { old, new: neu } = t.pair;
      const total = 6000;
      const pipe = old.pipeline();
      for (let n = 0; n < total; n++) pipe.set(`stable_${mid(n)}`, `v${n}`);
      await pipe.exec();

      const abort = new AbortController();
      const first = await runBackfill({
        jobId: 'resume',
        source: old,
        target: neu,
        scope: scopeOf(),
        cursorStore: makeStore(),
        batchSize: 200,
        concurrency: 2,
        checkpointEveryMs: 0,
        signal: abort.signal,
        onProgress: (p) => {
          if (p.scanned >= 1000) abort.abort();
        },
      });
      expect(first.done).toBe(false);
      expect(first.cursor).not.toBe('0');
      const copiedBefore = await neu.dbsize();
      expect(copiedBefore).toBeLessThan(total);

      // A fresh store object: the checkpoint must come from persistence, not memory.
      const progress: BackfillProgress[] = [];
      const second = await runBackfill({
        jobId: 'resume',
        source: old,
        target: neu,
        scope: scopeOf(),
        cursorStore: makeStore(),
        batchSize: 200,
        onProgress: (p) => progress.push(p),
      });
      expect(second.done).toBe(true);
      expect(await neu.dbsize()).toBe(total);
      // It continued: the second run scanned only what the first had not (SCAN may repeat a few).
      const scannedBySecond = second.scanned - first.scanned;
      expect(scannedBySecond).toBeLessThan(total - 500);
      expect(second.copied).toBe(total);
      // A finished job does nothing when started again.
      const third = await runBackfill({
        jobId: 'resume',
        source: old,
        target: neu,
        scope: scopeOf(),
        cursorStore: makeStore(),
      });
      expect(third).toMatchObject({ done: true, scanned: second.scanned });
    },
  );

  it('a target crash mid-run fails the job with a checkpoint behind the failed batch; the rerun completes', async () => {
    const { old, new: neu } = t.pair;
    const total = 4000;
    const pipe = old.pipeline();
    for (let n = 0; n < total; n++) pipe.hset(`member_list_{${mid(n)}}`, 'u', String(n));
    await pipe.exec();
    const store = new RedisCursorStore(t.control);
    let killed: Promise<void> | null = null;
    await expect(
      runBackfill({
        // Paced at 1000 keys/s after a one-second burst, so the kill lands before the later batches.
        jobId: 'crash',
        source: old,
        target: neu,
        scope: scopeOf(),
        cursorStore: store,
        batchSize: 200,
        concurrency: 2,
        checkpointEveryMs: 0,
        keysPerSecond: 1000,
        onProgress: (p) => {
          if (p.scanned >= 800 && killed === null) killed = t.newServer.kill();
        },
      }),
    ).rejects.toThrow();
    await killed;
    const cp = await store.load('crash');
    expect(cp).toMatchObject({ done: false });
    expect(cp!.copied).toBeGreaterThanOrEqual(800);
    await t.newServer.restart();
    await waitReady(neu);
    const rerun = await runBackfill({
      jobId: 'crash',
      source: old,
      target: neu,
      scope: scopeOf(),
      cursorStore: store,
      batchSize: 200,
    });
    expect(rerun.done).toBe(true);
    expect(await neu.dbsize()).toBe(total);
  });
});
