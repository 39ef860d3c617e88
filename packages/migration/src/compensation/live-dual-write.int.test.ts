/**
 * End to end: several clients dual-write every data type while the target is killed and
 * restarted; failures go through handleSecondaryWriteFailure; the compensation consumer
 * and a forward + reverse reconciliation then converge the sides, and an independent full
 * comparison finds nothing.
 */
import { writeSeq } from '@switchyard/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEQ_CAS } from '../lua/seq-cas.lua.ts';
import { runReconciliation } from '../reconcile/run-reconciliation.ts';
import { DualWriter } from '../test-support/dual-writer.ts';
import { independentDiff } from '../test-support/independent-compare.ts';
import { startInstances, waitReady, type TestInstances } from '../test-support/instances.ts';
import { runtimeOf, until } from '../test-support/runtime.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { rng } from '../test-support/mixed-writes.ts';
import { compensationDepth, listDeadLetters } from './dead-letters.ts';
import { ensureCompensationGroup, processCompensationOnce } from './consumer.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());

const WRITERS = 4;
const OPS = 300;
const MEETINGS = 12;

async function oneOp(w: DualWriter, r: () => number, writer: number, op: number): Promise<void> {
  const mid = midWithCode(1, Math.floor(r() * MEETINGS));
  const pick = Math.floor(r() * 9);
  switch (pick) {
    case 0: {
      // SEQ-CAS writes, as the meeting service does: the SEQ only ever rises.
      const seq = BigInt(await t.control.incr(`seqgen:${mid}`));
      const value = Buffer.from(writeSeq(seq, Buffer.from(`w${writer}-${op}`)));
      await w.write('EVAL', SEQ_CAS.source, 1, mid, value, 0);
      return;
    }
    case 1:
      await w.write('HSET', `member_list_{${mid}}`, `u${Math.floor(r() * 6)}`, `w${writer}-${op}`);
      return;
    case 2:
      await w.write('HDEL', `member_list_{${mid}}`, `u${Math.floor(r() * 6)}`);
      return;
    case 3:
      await w.write('ZADD', `m2u_{${mid}}`, Math.floor(r() * 100), `u${Math.floor(r() * 6)}`);
      return;
    case 4:
      await w.write('SADD', `mset_{${mid}}`, `s${Math.floor(r() * 8)}`);
      return;
    case 5:
      await w.write('RPUSH', `mlist_{${mid}}`, `w${writer}-${op}`);
      return;
    case 6:
      await w.write('SET', `stable_${mid}`, `w${writer}-${op}`, 'EX', 600);
      return;
    case 7:
      await w.write('EXPIRE', `member_list_{${mid}}`, 900);
      return;
    default:
      await w.write('DEL', `mset_{${mid}}`);
  }
}

it('converges after concurrent dual writes through a target crash and restart', async () => {
  const rt = runtimeOf(t);
  const snapshot = testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [migrationOf()]);
  await ensureCompensationGroup(t.control, rt.migration.id);
  const writers: DualWriter[] = [];
  for (let i = 0; i < WRITERS; i++) {
    const clients = { 'gz-personal': t.client(t.oldServer), spare: t.client(t.newServer) };
    await Promise.all(Object.values(clients).map((c) => waitReady(c)));
    writers.push(new DualWriter(rt, clients, snapshot));
  }

  let done = 0;
  const crash = (async () => {
    await until(
      async () => done,
      (d) => d >= (WRITERS * OPS) / 4,
      500,
      5,
    );
    await t.newServer.kill();
    await until(
      async () => done,
      (d) => d >= (WRITERS * OPS) / 2,
      500,
      5,
    );
    await t.newServer.restart();
  })();
  await Promise.all(
    writers.map(async (w, i) => {
      const r = rng(1000 + i);
      for (let op = 0; op < OPS; op++) {
        await oneOp(w, r, i, op);
        done++;
        // Let the crash task and other writers interleave.
        if (op % 10 === 0) await new Promise((res) => setImmediate(res));
      }
    }),
  );
  await crash;
  await waitReady(t.pair.new);
  const outcomes = await Promise.all(writers.flatMap((w) => w.handled));
  expect(writers.every((w) => w.primaryErrors === 0)).toBe(true);
  expect(outcomes.filter((o) => o.outcome === 'queued').length).toBeGreaterThan(10);

  await until(
    () =>
      processCompensationOnce(rt, { consumer: 'live', backoffBaseMs: 20, backoffMaxMs: 50 }).then(() =>
        compensationDepth(t.control, rt.migration.id),
      ),
    (d) => d.queued === 0,
    300,
  );
  expect(await compensationDepth(t.control, rt.migration.id)).toEqual({ queued: 0, dead: 0 });
  expect(await listDeadLetters(t.control, rt.migration.id)).toEqual([]);

  const base = {
    migrationId: rt.migration.id,
    pair: t.pair,
    scope: rt.scope,
    truth: 'old' as const,
    recheckDelayMs: 100,
  };
  const forward = await runReconciliation({ ...base, direction: 'forward' });
  const reverse = await runReconciliation({ ...base, direction: 'reverse' });
  expect(forward.unresolved + reverse.unresolved).toBe(0);
  if (process.env.SY_DEBUG)
    console.log({
      queued: outcomes.filter((o) => o.outcome === 'queued').length,
      retried: outcomes.filter((o) => o.outcome === 'retried').length,
      forward: [forward.differing, forward.repaired, forward.resolvedOnRecheck],
      reverse: [reverse.differing, reverse.repaired],
    });
  const check = await runReconciliation({ ...base, direction: 'forward', repair: false });
  expect(check).toMatchObject({ differing: 0 });
  expect(check.scanned).toBeGreaterThan(MEETINGS * 3);

  expect(await independentDiff(t.pair.old, t.pair.new)).toEqual([]);
});
