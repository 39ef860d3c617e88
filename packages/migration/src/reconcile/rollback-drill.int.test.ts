/**
 * The rollback drill: stop dual-write for 50% of buckets, write, roll back to
 * WRITE_ORDER_SWITCH (dual-write new then old again), reconcile with the new side as the
 * truth, and expect zero differences. Phases move through core's planTransition and
 * writes route through core's routeKey, as the console and the proxy would do it.
 */
import { planTransition, truthSideOf, type TMigration } from '@switchyard/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DualWriter } from '../test-support/dual-writer.ts';
import { independentDiff } from '../test-support/independent-compare.ts';
import { startInstances, type TestInstances } from '../test-support/instances.ts';
import { runtimeOf } from '../test-support/runtime.ts';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { runReconciliation } from './run-reconciliation.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());

const MEETINGS = 120;

function advance(
  m: TMigration,
  to: TMigration['phase'],
  percent?: number,
  rollback = false,
): { next: TMigration; effects: string[] } {
  // The drill checks routing and data, not the cutover gate: a clean, fresh round is given.
  const now = Date.now();
  const run = { unresolved: 0, startedAt: now, finishedAt: now };
  const facts = { forward: run, reverse: run, phaseStartedAt: now, now, maxAgeMs: 60_000 };
  const r = planTransition(m, { to, percent, rollback, confirm: m.name }, facts);
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r;
}

async function writeRound(m: TMigration, tag: string, withDeletes: boolean): Promise<void> {
  const snapshot = testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [m]);
  const w = new DualWriter(runtimeOf(t, m), { 'gz-personal': t.pair.old, spare: t.pair.new }, snapshot);
  for (let n = 0; n < MEETINGS; n++) {
    const mid = midWithCode(1, n);
    await w.write('HSET', `member_list_{${mid}}`, 'round', tag);
    await w.write('ZADD', `m2u_{${mid}}`, n, tag);
    await w.write('SET', `stable_${mid}`, `${tag}-${n}`);
    if (withDeletes && n % 7 === 0) await w.write('DEL', `mset_{${mid}}`);
    else await w.write('SADD', `mset_{${mid}}`, tag);
  }
  expect(w.primaryErrors).toBe(0);
  expect(w.handled).toHaveLength(0);
}

it('stop dual-write 50%, roll back, reconcile with the new side as truth: zero differences', async () => {
  let m = migrationOf();
  await writeRound(m, 'dual', false);
  for (const [to, p] of [
    ['BACKFILL'],
    ['RECONCILE'],
    ['GRAY_READ', 100],
    ['WRITE_ORDER_SWITCH'],
    ['STOP_DUAL_WRITE', 50],
  ] as const) {
    m = advance(m, to, p).next;
  }
  await writeRound(m, 'half-stopped', true);
  const drifted = await independentDiff(t.pair.old, t.pair.new);
  // Roughly half the meetings wrote the new side only.
  expect(drifted.length).toBeGreaterThan(MEETINGS * 0.3);

  const back = advance(m, 'WRITE_ORDER_SWITCH', undefined, true);
  expect(back.effects.join('\n')).toMatch(/reconcile new→old/);
  m = back.next;
  await writeRound(m, 'restored', false);

  const rt = runtimeOf(t, m);
  const base = { migrationId: m.id, pair: t.pair, scope: rt.scope, truth: truthSideOf(m.phase), recheckDelayMs: 100 };
  expect(base.truth).toBe('new');
  const reverse = await runReconciliation({ ...base, direction: 'reverse' });
  const forward = await runReconciliation({ ...base, direction: 'forward' });
  expect(reverse.repaired + forward.repaired).toBeGreaterThan(0);
  expect(reverse.unresolved + forward.unresolved).toBe(0);

  const check = await runReconciliation({ ...base, direction: 'reverse', repair: false });
  expect(check).toMatchObject({ differing: 0, unresolved: 0 });
  expect(await independentDiff(t.pair.old, t.pair.new)).toEqual([]);
  // The restored round is on both sides, and the new side's half-stopped writes survived.
  expect(await t.pair.old.hget(`member_list_{${midWithCode(1, 3)}}`, 'round')).toBe('restored');
  expect(await t.pair.old.sismember(`mset_{${midWithCode(1, 3)}}`, 'half-stopped')).toBe(1);
});
