import { writeSeq } from '@switchyard/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scopeFromConfig } from '../scope/key-scope.ts';
import { RedisReconHistory } from '../stores/recon-history.ts';
import { independentDiff } from '../test-support/independent-compare.ts';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { observeKey, repairFrom, repairKey } from './repair-key.ts';
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
    migrationId: m.id,
    pair: t.pair,
    scope: scopeFromConfig(testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [m]), m),
    direction: 'forward',
    truth: 'old',
    recheckDelayMs: 150,
    ...over,
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
    expect(forward).toMatchObject({
      scanned: 51,
      differing: 6,
      resolvedOnRecheck: 0,
      repaired: 0,
      unresolved: 6,
      equal: 45,
      direction: 'forward',
    });
    expect(forward.byKeyType.mlist).toMatchObject({ scanned: 10, differing: 2, unresolved: 2 });
    expect(forward.byKeyType.meeting_info).toMatchObject({ scanned: 10, equal: 10, differing: 0 });
    expect(forward.samples.map((s) => s.reason)).toEqual(
      expect.arrayContaining(['missing on new', 'hash value differs', 'ttl differs (old expires, new persistent)']),
    );
    expect(forward.samples.every((s) => s.outcome === 'unresolved')).toBe(true);

    const reverse = await runReconciliation(options({ repair: false, direction: 'reverse' }));
    expect(reverse).toMatchObject({ scanned: 51, differing: 6 });
    expect(reverse.samples.map((s) => s.reason)).toContain('missing on old');
  });

  it('a difference gone by the delayed re-check counts as resolvedOnRecheck', async () => {
    await seedEqual();
    await t.pair.new.hset(`member_list_{${mid(105)}}`, 'a', 'in flight');
    let fix: Promise<unknown> = Promise.resolve();
    const run = await runReconciliation(
      options({
        repair: false,
        // The dual write lands on the new side during the delay.
        onPhase: (phase) => {
          if (phase === 'scanned') fix = t.pair.new.hset(`member_list_{${mid(105)}}`, 'a', '1');
        },
      }),
    );
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
    const run = await runReconciliation(
      options({
        batchSize: 100,
        concurrency: 1,
        signal: stop.signal,
        onProgress: (r) => {
          if (r.scanned >= 300) stop.abort();
        },
      }),
    );
    expect(run.aborted).toBe(true);
    expect(run.scanned).toBeLessThan(3000);
    expect(run.repaired).toBe(0);
    expect(run.unresolved).toBe(run.differing);
    expect(await t.pair.new.dbsize()).toBe(0);
  });
});

describe('repair', () => {
  it('SEQ values: a bigger SEQ on the truth side is copied over; plain values: the old value wins', async () => {
    // Was "the bigger SEQ wins in both directions": a bigger SEQ on the new side was copied
    // over the old one, the truth before WRITE_ORDER_SWITCH (issue 15 finding 4). Key 2
    // now stays unresolved: see the next test.
    const { old, new: neu } = t.pair;
    await old.set(mid(1), seqValue(10n, 'old-newer'));
    await neu.set(mid(1), seqValue(3n, 'new-stale'), 'EX', 100);
    await old.hset(`member_list_{${mid(3)}}`, 'a', 'old');
    await neu.hset(`member_list_{${mid(3)}}`, 'a', 'new', 'extra', 'x');
    await old.set(`stable_${mid(4)}`, 'old');
    await neu.set(`stable_${mid(4)}`, 'new');
    await neu.set(`stable_${mid(5)}`, 'deleted on old');

    const forward = await runReconciliation(options());
    expect(forward).toMatchObject({ differing: 3, repaired: 3, unresolved: 0, differences: [] });
    const reverse = await runReconciliation(options({ direction: 'reverse' }));
    expect(reverse).toMatchObject({ differing: 1, repaired: 1, unresolved: 0 });

    expect((await neu.getBuffer(mid(1)))!.equals(seqValue(10n, 'old-newer'))).toBe(true);
    expect(await neu.ttl(mid(1))).toBe(-1);
    expect(await neu.hgetall(`member_list_{${mid(3)}}`)).toEqual({ a: 'old' });
    expect(await neu.get(`stable_${mid(4)}`)).toBe('old');
    expect(await neu.exists(`stable_${mid(5)}`)).toBe(0);
    expect(await independentDiff(old, neu)).toEqual([]);
  });

  it('a new side that is ahead stays unresolved, with both values, while the old value is untouched', async () => {
    const { old, new: neu } = t.pair;
    await old.set(mid(2), seqValue(4n, 'old-truth'));
    await neu.set(mid(2), seqValue(9n, 'planted'), 'EX', 100);
    // Shorter than 8 bytes: never read as a SEQ, so the truth rule repairs it (old wins).
    await old.set(mid(11), 'abc');
    await neu.set(mid(11), 'abcdefg');

    const forward = await runReconciliation(options());
    expect(forward).toMatchObject({ differing: 2, repaired: 1, unresolved: 1 });
    expect((await old.getBuffer(mid(2)))!.equals(seqValue(4n, 'old-truth'))).toBe(true);
    expect(await old.ttl(mid(2))).toBe(-1);
    expect((await neu.getBuffer(mid(2)))!.equals(seqValue(9n, 'planted'))).toBe(true);
    expect(await neu.get(mid(11))).toBe('abc');
    expect(forward.differences).toEqual([
      {
        key: mid(2),
        keyType: 'meeting_info',
        why: 'AHEAD_OF_TRUTH',
        detail: 'new is ahead of the truth (old): SEQ new=9 > old=4',
        old: { type: 'string', ttlMs: -1, value: 'seq=4 old-truth', digest: expect.any(String) },
        new: { type: 'string', ttlMs: expect.any(Number), value: 'seq=9 planted', digest: expect.any(String) },
      },
    ]);
    expect(forward.differences[0]!.new.ttlMs).toBeGreaterThan(90_000);
    // The reverse pass (scans new) reports it too, and still writes nothing.
    const reverse = await runReconciliation(options({ direction: 'reverse' }));
    expect(reverse).toMatchObject({ unresolved: 1, repaired: 0 });
    expect((await old.getBuffer(mid(2)))!.equals(seqValue(4n, 'old-truth'))).toBe(true);
  });

  it('after the write order switch the truth is new: new ahead is copied to old, old ahead stays unresolved', async () => {
    const { old, new: neu } = t.pair;
    await old.set(mid(12), seqValue(2n, 'old-stale'));
    await neu.set(mid(12), seqValue(6n, 'new-truth'));
    await old.set(mid(13), seqValue(8n, 'old-ahead'));
    await neu.set(mid(13), seqValue(5n, 'new-truth'));
    const run = await runReconciliation(options({ truth: 'new' }));
    expect(run).toMatchObject({ differing: 2, repaired: 1, unresolved: 1 });
    expect((await old.getBuffer(mid(12)))!.equals(seqValue(6n, 'new-truth'))).toBe(true);
    expect((await neu.getBuffer(mid(13)))!.equals(seqValue(5n, 'new-truth'))).toBe(true);
    expect((await old.getBuffer(mid(13)))!.equals(seqValue(8n, 'old-ahead'))).toBe(true);
    expect(run.differences.map((d) => [d.key, d.why, d.detail])).toEqual([
      [mid(13), 'AHEAD_OF_TRUTH', 'old is ahead of the truth (new): SEQ old=8 > new=5'],
    ]);
  });

  it("an operator's repair copies the chosen side over, by CAS on what the reconciliation saw", async () => {
    const { old, new: neu } = t.pair;
    const key = Buffer.from(mid(14));
    await old.set(key, seqValue(4n, 'old'));
    await neu.set(key, seqValue(9n, 'new'));
    const run = await runReconciliation(options());
    const d = run.differences[0]!;
    // A write after the run: the repair must not clobber it.
    await old.set(key, seqValue(10n, 'later'));
    expect(await repairFrom(t.pair, key, 'new', d.old.digest)).toMatchObject({ outcome: 'conflict', wrote: 'old' });
    expect((await old.getBuffer(key))!.equals(seqValue(10n, 'later'))).toBe(true);
    const fresh = await observeKey(t.pair, key);
    expect(await repairFrom(t.pair, key, 'new', fresh.old)).toMatchObject({ outcome: 'repaired', wrote: 'old' });
    expect((await old.getBuffer(key))!.equals(seqValue(9n, 'new'))).toBe(true);
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
    expect(await repairKey(t.pair, plain, { truth: 'old', valueFormat: 'plain' }, seenPlain)).toMatchObject({
      outcome: 'conflict',
    });
    expect(await neu.get(plain)).toBe('c');

    const seq = Buffer.from(mid(9));
    await old.set(seq, seqValue(5n, 'five'));
    await neu.set(seq, seqValue(3n, 'three'));
    const seenSeq = await observeKey(t.pair, seq);
    await neu.set(seq, seqValue(7n, 'seven')); // raced ahead on the new side
    // Was "repaired, wrote old": the new side ahead of the truth is reported, never copied over it.
    expect(await repairKey(t.pair, seq, { truth: 'old', valueFormat: 'seq' }, seenSeq)).toMatchObject({
      outcome: 'aheadOfTruth',
      wrote: null,
      rule: 'seq',
    });
    expect((await neu.getBuffer(seq))!.equals(seqValue(7n, 'seven'))).toBe(true);
    expect((await old.getBuffer(seq))!.equals(seqValue(5n, 'five'))).toBe(true);
  });

  it('equal SEQs with different bytes fall back to the truth side', async () => {
    const { old, new: neu } = t.pair;
    const key = Buffer.from(mid(10));
    await old.set(key, seqValue(5n, 'old'));
    await neu.set(key, seqValue(5n, 'new'));
    expect(await repairKey(t.pair, key, { truth: 'old', valueFormat: 'seq' })).toMatchObject({
      outcome: 'repaired',
      wrote: 'new',
      rule: 'truth',
    });
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
      history,
      phase: () => 'RECONCILE',
      signal: stop.signal,
      forwardEveryMs: 60_000,
      reverseEveryMs: 10,
      run: { recheckDelayMs: 0 },
      onRun: (r) => {
        runs.push(r.direction);
        if (runs.length === 4) stop.abort();
      },
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
