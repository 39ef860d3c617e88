import { writeSeq } from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { RedisReconHistory } from '../stores/recon-history.ts';
import { independentDiff } from '../test-support/independent-compare.ts';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { observeKey, repairKey } from './repair-key.ts';
import { reconcileOnSchedule } from './reconcile-on-schedule.ts';
import { runReconciliation, type ReconcileOptions } from './run-reconciliation.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());
beforeEach(() => t.flush());

const mid = (n: number): string => midWithCode(1, n);
const seqValue = (seq: bigint, payload: string): Buffer => Buffer.from(writeSeq(seq, Buffer.from(payload)));
const options = (over: Partial<ReconcileOptions> = {}): ReconcileOptions => {
  const m = migrationOf();
  return {
    migrationId: m.id, pair: t.pair, scope: scopeFromConfig(testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [m]), m),
    direction: 'forward', truth: 'old', recheckDelayMs: 150, ...over,
  };
};

/** 50 equal keys on both sides, of every type. */
async function seedEqual(): Promise<void> {
  for (const c of [t.pair.old, t.pair.new]) {
    const p = c.pipeline();
    for (let n = 100; n < 110; n++) {
      p.set(mid(n), seqValue(5n, `info${n}`));
      p.hset(`member_list_{${mid(n)}}`, 'a', '1', 'b', '2');
      p.zadd(`m2u_{${mid(n)}}`, 1, 'u1', 2, 'u2');
      p.sadd(`mset_{${mid(n)}}`, 'x', 'y');
      p.rpush(`mlist_{${mid(n)}}`, 'l1', 'l2');
      p.expire(`mlist_{${mid(n)}}`, 300);
    }
    await p.exec();
  }
}

describe('scheduled reconciliation finds planted differences', () => {
  it('counts per key type, keeps samples, and repairs nothing when repair is off', async () => {
    await seedEqual();
    const { old, new: neu } = t.pair;
    await neu.del(`stable_${mid(1)}`);
    await old.set(`stable_${mid(1)}`, 'only on old');
    await neu.hset(`member_list_{${mid(100)}}`, 'b', 'changed');
    await neu.zadd(`m2u_{${mid(101)}}`, 7, 'u1');
    await neu.srem(`mset_{${mid(102)}}`, 'y');
    await neu.del(`mlist_{${mid(103)}}`);
    await neu.rpush(`mlist_{${mid(103)}}`, 'l2', 'l1');
    await neu.expire(`mlist_{${mid(103)}}`, 300);
    await neu.persist(`mlist_{${mid(104)}}`);
    await neu.set(`stable_${mid(2)}`, 'only on new');

    const forward = await runReconciliation(options({ repair: false }));
    expect(forward).toMatchObject({ scanned: 51, differing: 6, resolvedOnRecheck: 0, repaired: 0, unresolved: 6, equal: 45, direction: 'forward' });
    expect(forward.byKeyType.mlist).toMatchObject({ scanned: 10, differing: 2, unresolved: 2 });
    expect(forward.byKeyType.meeting_info).toMatchObject({ scanned: 10, equal: 10, differing: 0 });
    expect(forward.samples.map((s) => s.reason)).toEqual(expect.arrayContaining(['missing on new', 'hash value differs', 'ttl differs (old expires, new persistent)']));
    expect(forward.samples.every((s) => s.outcome === 'unresolved')).toBe(true);

    const reverse = await runReconciliation(options({ repair: false, direction: 'reverse' }));
    expect(reverse).toMatchObject({ scanned: 51, differing: 6 });
    expect(reverse.samples.map((s) => s.reason)).toContain('missing on old');
  });

  it('a difference gone by the delayed re-check counts as resolvedOnRecheck', async () => {
    await seedEqual();
    await t.pair.new.hset(`member_list_{${mid(105)}}`, 'a', 'in flight');
    let fix: Promise<unknown> = Promise.resolve();
    const run = await runReconciliation(options({
      repair: false,
      // The dual write lands on the new side during the delay.
      onPhase: (phase) => { if (phase === 'scanned') fix = t.pair.new.hset(`member_list_{${mid(105)}}`, 'a', '1'); },
    }));
    await fix;
    expect(run).toMatchObject({ differing: 1, resolvedOnRecheck: 1, unresolved: 0 });
    expect(run.samples[0]).toMatchObject({ keyType: 'member_list', outcome: 'resolvedOnRecheck' });
  });

  it('compares a key whose declared type is wrong by its real type', async () => {
    // meeting_info is declared 'string'; these two hold hashes.
    await t.pair.old.hset(mid(11), 'a', '1');
    await t.pair.new.hset(mid(11), 'a', '1');
    await t.pair.old.hset(mid(12), 'a', '1');
    await t.pair.new.hset(mid(12), 'a', '2');
    const run = await runReconciliation(options({ repair: false, recheckDelayMs: 0 }));
    expect(run).toMatchObject({ scanned: 2, equal: 1, differing: 1 });
    expect(run.samples[0]).toMatchObject({ key: mid(12), reason: 'hash value differs' });
  });
});

describe('limits', () => {
  it('beyond maxDifferences, differences count as unresolved without a re-check, and the run says it was truncated', async () => {
    for (let n = 0; n < 12; n++) await t.pair.old.set(`stable_${mid(n)}`, 'x');
    const run = await runReconciliation(options({ maxDifferences: 5, recheckDelayMs: 0 }));
    expect(run).toMatchObject({ differing: 12, repaired: 5, unresolved: 7, truncated: true });
    expect(run.samples).toHaveLength(10);
  });

  it('an aborted run stops scanning and reports what it saw as unresolved', async () => {
    const p = t.pair.old.pipeline();
    for (let n = 0; n < 3000; n++) p.set(`stable_${mid(n)}`, 'x');
    await p.exec();
    const stop = new AbortController();
    const run = await runReconciliation(options({ batchSize: 100, concurrency: 1, signal: stop.signal, onProgress: (r) => { if (r.scanned >= 300) stop.abort(); } }));
    expect(run.aborted).toBe(true);
    expect(run.scanned).toBeLessThan(3000);
    expect(run.repaired).toBe(0);
    expect(run.unresolved).toBe(run.differing);
    expect(await t.pair.new.dbsize()).toBe(0);
  });
});

describe('repair', () => {
  it('SEQ values: the bigger SEQ wins in both directions; plain values: the old value wins', async () => {
    const { old, new: neu } = t.pair;
    await old.set(mid(1), seqValue(10n, 'old-newer'));
    await neu.set(mid(1), seqValue(3n, 'new-stale'));
    await old.set(mid(2), seqValue(4n, 'old-stale'));
    await neu.set(mid(2), seqValue(9n, 'new-newer'), 'EX', 100);
    await old.hset(`member_list_{${mid(3)}}`, 'a', 'old');
    await neu.hset(`member_list_{${mid(3)}}`, 'a', 'new', 'extra', 'x');
    await old.set(`stable_${mid(4)}`, 'old');
    await neu.set(`stable_${mid(4)}`, 'new');
    await neu.set(`stable_${mid(5)}`, 'deleted on old');

    const forward = await runReconciliation(options());
    expect(forward).toMatchObject({ differing: 4, repaired: 4, unresolved: 0 });
    const reverse = await runReconciliation(options({ direction: 'reverse' }));
    expect(reverse).toMatchObject({ differing: 1, repaired: 1, unresolved: 0 });

    expect((await neu.getBuffer(mid(1)))!.equals(seqValue(10n, 'old-newer'))).toBe(true);
    expect((await old.getBuffer(mid(2)))!.equals(seqValue(9n, 'new-newer'))).toBe(true);
    expect(await old.ttl(mid(2))).toBeGreaterThan(90);
    expect(await neu.hgetall(`member_list_{${mid(3)}}`)).toEqual({ a: 'old' });
    expect(await neu.get(`stable_${mid(4)}`)).toBe('old');
    expect(await neu.exists(`stable_${mid(5)}`)).toBe(0);
    expect(await independentDiff(old, neu)).toEqual([]);
  });

  it('after the write order switch, plain values are repaired from the new side', async () => {
    const { old, new: neu } = t.pair;
    await neu.hset(`member_list_{${mid(6)}}`, 'a', 'new truth');
    await neu.sadd(`mset_{${mid(7)}}`, 'n');
    await old.sadd(`mset_{${mid(7)}}`, 'o');
    const run = await runReconciliation(options({ direction: 'reverse', truth: 'new' }));
    expect(run).toMatchObject({ differing: 2, repaired: 2 });
    expect(await old.hgetall(`member_list_{${mid(6)}}`)).toEqual({ a: 'new truth' });
    expect(await old.smembers(`mset_{${mid(7)}}`)).toEqual(['n']);
  });

  it('the CAS does not clobber a write that landed after the comparison', async () => {
    const { old, new: neu } = t.pair;
    const plain = Buffer.from(`stable_${mid(8)}`);
    await old.set(plain, 'a');
    await neu.set(plain, 'b');
    const seenPlain = await observeKey(t.pair, plain);
    await old.set(plain, 'c'); // a concurrent dual write: old, then new
    await neu.set(plain, 'c');
    expect(await repairKey(t.pair, plain, { truth: 'old', valueFormat: 'plain' }, seenPlain)).toMatchObject({ outcome: 'conflict' });
    expect(await neu.get(plain)).toBe('c');

    const seq = Buffer.from(mid(9));
    await old.set(seq, seqValue(5n, 'five'));
    await neu.set(seq, seqValue(3n, 'three'));
    const seenSeq = await observeKey(t.pair, seq);
    await neu.set(seq, seqValue(7n, 'seven')); // raced ahead on the new side
    expect(await repairKey(t.pair, seq, { truth: 'old', valueFormat: 'seq' }, seenSeq)).toMatchObject({ outcome: 'repaired', wrote: 'old', rule: 'seq' });
    expect((await neu.getBuffer(seq))!.equals(seqValue(7n, 'seven'))).toBe(true);
    expect((await old.getBuffer(seq))!.equals(seqValue(7n, 'seven'))).toBe(true);
  });

  it('equal SEQs with different bytes fall back to the truth side', async () => {
    const { old, new: neu } = t.pair;
    const key = Buffer.from(mid(10));
    await old.set(key, seqValue(5n, 'old'));
    await neu.set(key, seqValue(5n, 'new'));
    expect(await repairKey(t.pair, key, { truth: 'old', valueFormat: 'seq' })).toMatchObject({ outcome: 'repaired', wrote: 'new', rule: 'truth' });
    expect((await neu.getBuffer(key))!.equals(seqValue(5n, 'old'))).toBe(true);
  });
});

describe('reconcileOnSchedule', () => {
  it('alternates forward and reverse runs by their intervals and stores each', async () => {
    await t.pair.old.set(`stable_${mid(1)}`, 'x');
    const history = new RedisReconHistory(t.control);
    const stop = new AbortController();
    const runs: string[] = [];
    const m = migrationOf();
    const rt = { migration: m, pair: t.pair, control: t.control, scope: options().scope };
    await reconcileOnSchedule(rt, {
      history, phase: () => 'RECONCILE', signal: stop.signal, forwardEveryMs: 60_000, reverseEveryMs: 10, run: { recheckDelayMs: 0 },
      onRun: (r) => { runs.push(r.direction); if (runs.length === 4) stop.abort(); },
    });
    expect(runs).toEqual(['forward', 'reverse', 'reverse', 'reverse']);
    expect((await history.list(m.id)).map((r) => r.direction)).toEqual(['reverse', 'reverse', 'reverse', 'forward']);
    expect(await t.pair.new.get(`stable_${mid(1)}`)).toBe('x');
  });
});

describe('run history', () => {
  it('keeps runs newest first and validates them on the way back', async () => {
    const history = new RedisReconHistory(t.control, 3);
    const runs = [];
    for (let i = 0; i < 4; i++) {
      await t.pair.old.set(`stable_${mid(i)}`, 'x');
      const run = await runReconciliation(options({ repair: false, recheckDelayMs: 0 }));
      await history.save(run);
      runs.push(run);
    }
    const listed = await history.list('m-test');
    expect(listed.map((r) => r.id)).toEqual([runs[3]!.id, runs[2]!.id, runs[1]!.id]);
    expect((await history.latest('m-test'))?.unresolved).toBe(4);
  });
});
