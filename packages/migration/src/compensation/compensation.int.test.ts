import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startInstances, waitReady, type TestInstances } from '../test-support/instances.ts';
import { runtimeOf, until } from '../test-support/runtime.ts';
import { midWithCode } from '../test-support/snapshot.ts';
import {
  ensureCompensationGroup,
  processCompensationOnce,
  runCompensationConsumer,
  type ConsumerTotals,
} from './consumer.ts';
import { compensationDepth, listDeadLetters, replayDeadLetter } from './dead-letters.ts';
import { createRuntime } from '../shared/connect.ts';
import { migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { handlePrimaryWriteFailure, handleSecondaryWriteFailure } from './handle-failure.ts';
import { entryFields } from './entry.ts';
import { COMP_GROUP, compErrorsKey, compStreamKey } from './stream-keys.ts';

let t: TestInstances;
beforeAll(async () => {
  t = await startInstances();
});
afterAll(() => t?.stop());
beforeEach(async () => {
  await waitReady(t.pair.new);
  await t.flush();
});

const key = (n: number): string => `stable_${midWithCode(1, n)}`;
const failure = (argv: string[]) => ({
  primary: 'gz-personal',
  secondary: 'spare',
  argv,
  error: 'ERR connection lost',
});
const fast = { retryDelayMs: 2 };
const sum = (a: ConsumerTotals, b: ConsumerTotals): ConsumerTotals => ({
  delivered: a.delivered + b.delivered,
  resynced: a.resynced + b.resynced,
  repaired: a.repaired + b.repaired,
  failed: a.failed + b.failed,
  deadLettered: a.deadLettered + b.deadLettered,
});

/** Writes the old side, kills nothing: the caller decides whether the new side is down. */
async function writeOldAndFail(n: number, value: string) {
  await t.pair.old.set(key(n), value);
  return handleSecondaryWriteFailure(runtimeOf(t), failure(['SET', key(n), value]), fast);
}

describe('secondary write failures', () => {
  it('queue on the compensation stream while the target is down; the consumer replays after restart', async () => {
    const rt = runtimeOf(t);
    for (let n = 0; n < 5; n++) await t.pair.new.set(key(n), 'before');
    await t.newServer.kill();
    for (let n = 0; n < 5; n++)
      expect(await writeOldAndFail(n, `after${n}`)).toMatchObject({ outcome: 'queued', attempts: 3 });
    const [first] = await t.control.xrange(compStreamKey('m-test'), '-', '+', 'COUNT', 1);
    expect(Object.fromEntries(chunk(first![1]))).toMatchObject({
      kind: 'write',
      target: 'new',
      targetInstance: 'spare',
      truth: 'old',
      attempts: '3',
      firstError: 'ERR connection lost',
      command: `SET ${key(0)} after0`,
    });
    expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 5, dead: 0 });

    await ensureCompensationGroup(t.control, 'm-test');
    const whileDown = await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 30 });
    expect(whileDown).toMatchObject({ delivered: 5, failed: 5, repaired: 0 });

    await t.newServer.restart();
    await waitReady(t.pair.new);
    let totals: ConsumerTotals = whileDown;
    await until(
      async () => (totals = sum(totals, await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 30 }))),
      (x) => x.repaired >= 5,
    );
    expect(totals.repaired).toBe(5);
    for (let n = 0; n < 5; n++) expect(await t.pair.new.get(key(n))).toBe(`after${n}`);
    expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
    expect(await t.control.hlen(compErrorsKey('m-test'))).toBe(0);
  });

  it('re-syncs a key once for all its queued entries in a page, and acks every entry (issue 20)', async () => {
    const rt = runtimeOf(t);
    await t.newServer.kill();
    // 12 failed writes over 3 keys: the last value per key is the one that must land.
    for (let i = 0; i < 12; i++) expect(await writeOldAndFail(i % 3, `v${i}`)).toMatchObject({ outcome: 'queued' });
    await t.newServer.restart();
    await waitReady(t.pair.new);
    await ensureCompensationGroup(t.control, 'm-test');
    const totals = await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 30 });
    expect(totals).toMatchObject({ delivered: 12, resynced: 3, repaired: 12, failed: 0 });
    for (let n = 0; n < 3; n++) expect(await t.pair.new.get(key(n))).toBe(`v${9 + n}`);
    expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
    expect(await t.control.xpending(compStreamKey('m-test'), COMP_GROUP)).toEqual([0, null, null, null]);
  });

  it('re-syncs a key whose entries switch truth side in stream order, once per run of the same side', async () => {
    const rt = runtimeOf(t);
    await t.pair.old.set(key(0), 'A');
    await t.pair.new.set(key(0), 'B');
    const k = Buffer.from(key(0));
    const queue = (truth: 'old' | 'new') =>
      t.control.xadd(
        compStreamKey('m-test'),
        '*',
        ...entryFields({
          migrationId: 'm-test',
          kind: 'write',
          key: k,
          argv: [Buffer.from('SET'), k, Buffer.from('x')],
          target: truth === 'old' ? 'new' : 'old',
          targetInstance: truth === 'old' ? 'spare' : 'gz-personal',
          truth,
          attempts: 1,
          firstError: 'ERR connection lost',
          firstAt: Date.now(),
        }),
      );
    // new, new, then old: the new side's value lands on old first, then old (now B) is the truth.
    await queue('new');
    await queue('new');
    await queue('old');
    await ensureCompensationGroup(t.control, 'm-test');
    const totals = await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 30 });
    expect(totals).toMatchObject({ delivered: 3, resynced: 2, repaired: 3, failed: 0 });
    // In the other order (old first) both sides would end as A.
    expect([await t.pair.old.get(key(0)), await t.pair.new.get(key(0))]).toEqual(['B', 'B']);
    expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
  });

  it('moves an entry to the dead letters after N attempts; a replay after recovery repairs the key', async () => {
    const rt = runtimeOf(t);
    await ensureCompensationGroup(t.control, 'm-test');
    await t.newServer.kill();
    await writeOldAndFail(1, 'lost write');
    const opts = { consumer: 'c1', maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 20 };
    let totals: ConsumerTotals = { delivered: 0, resynced: 0, repaired: 0, failed: 0, deadLettered: 0 };
    await until(
      async () => (totals = sum(totals, await processCompensationOnce(rt, opts))),
      (x) => x.deadLettered >= 1,
    );
    expect(totals).toMatchObject({ delivered: 3, failed: 3, deadLettered: 1, repaired: 0 });

    const [dead] = await listDeadLetters(t.control, 'm-test');
    expect(dead).toMatchObject({
      key: key(1),
      kind: 'write',
      targetInstance: 'spare',
      deliveries: 3,
      attempts: 3,
      command: `SET ${key(1)} lost write`,
    });
    expect(dead!.lastError).not.toBe('');
    expect(await replayDeadLetter(rt, dead!.id)).toMatchObject({ ok: false, code: 'REPAIR_FAILED' });

    await t.newServer.restart();
    await waitReady(t.pair.new);
    expect(await replayDeadLetter(rt, dead!.id)).toEqual({ ok: true, outcome: 'repaired' });
    expect(await t.pair.new.get(key(1))).toBe('lost write');
    expect(await listDeadLetters(t.control, 'm-test')).toEqual([]);
    expect(await replayDeadLetter(rt, dead!.id)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('entries a crashed consumer read are claimed by another after their backoff', async () => {
    const rt = runtimeOf(t);
    await ensureCompensationGroup(t.control, 'm-test');
    await t.newServer.kill();
    await writeOldAndFail(2, 'orphaned');
    await t.newServer.restart();
    await waitReady(t.pair.new);
    // "crashed" reads the entry and never acknowledges it.
    await t.control.xreadgroup('GROUP', COMP_GROUP, 'crashed', 'COUNT', 10, 'STREAMS', compStreamKey('m-test'), '>');
    expect(await processCompensationOnce(rt, { consumer: 'c2', backoffBaseMs: 60_000 })).toMatchObject({
      delivered: 0,
    });
    const totals = await until(
      () => processCompensationOnce(rt, { consumer: 'c2', backoffBaseMs: 40 }),
      (x) => x.repaired > 0,
    );
    expect(totals).toMatchObject({ delivered: 1, repaired: 1 });
    expect(await t.pair.new.get(key(2))).toBe('orphaned');
  });

  it('a retry that succeeds is followed by realtime reconciliation (an ambiguous INCR is not double-applied)', async () => {
    const { old, new: neu } = t.pair;
    await old.set(key(3), '5');
    await neu.set(key(3), '5');
    await old.incr(key(3));
    await neu.incr(key(3)); // applied, but the proxy saw a timeout
    const r = await handleSecondaryWriteFailure(runtimeOf(t), failure(['INCR', key(3)]), fast);
    expect(r).toEqual({ outcome: 'retried', attempts: 2, repairs: ['repaired'], queued: [] });
    expect(await neu.get(key(3))).toBe('6');
  });

  it('runCompensationConsumer drains every key of a failed MSET once the target is back, and stops on its signal', async () => {
    const rt = runtimeOf(t);
    await t.newServer.kill();
    await t.pair.old.mset(key(4), 'four', key(5), 'five');
    expect(
      await handleSecondaryWriteFailure(rt, failure(['MSET', key(4), 'four', key(5), 'five']), fast),
    ).toMatchObject({ outcome: 'queued', entryIds: [expect.any(String), expect.any(String)] });
    const stop = new AbortController();
    const consumer = runCompensationConsumer(rt, {
      consumer: 'worker-1',
      signal: stop.signal,
      blockMs: 50,
      backoffBaseMs: 30,
      backoffMaxMs: 60,
    });
    await t.newServer.restart();
    await waitReady(t.pair.new);
    await until(
      () => compensationDepth(t.control, 'm-test'),
      (d) => d.queued === 0,
      300,
    );
    stop.abort();
    const totals = await consumer;
    expect(totals.repaired).toBe(2);
    expect(await t.pair.new.mget(key(4), key(5))).toEqual(['four', 'five']);
  });

  it('a consumer started on a fresh fast-fail control client logs no "Stream isn\'t writeable" error', async () => {
    // Regression (issue 15 finding 7): the BLOCK reader is a duplicate() of the control client;
    // with enableOfflineQueue off, its first XREADGROUP ran before it had connected and failed
    // with "Stream isn't writeable and enableOfflineQueue options is false" (logged by the
    // migrator as compensation_consumer_error on every migration it attached).
    const events: string[] = [];
    const rt = {
      ...runtimeOf(t),
      onEvent: (e: { event: string; error?: unknown }) => events.push(`${e.event}: ${String(e.error ?? '')}`),
    };
    await t.newServer.kill();
    await t.pair.old.set(key(7), 'seven');
    expect(await handleSecondaryWriteFailure(rt, failure(['SET', key(7), 'seven']), fast)).toMatchObject({
      outcome: 'queued',
    });
    await t.newServer.restart();
    await waitReady(t.pair.new);
    const stop = new AbortController();
    const consumer = runCompensationConsumer(rt, {
      consumer: 'fresh',
      signal: stop.signal,
      blockMs: 50,
      backoffBaseMs: 30,
    });
    await until(
      () => compensationDepth(t.control, 'm-test'),
      (d) => d.queued === 0,
      300,
    );
    stop.abort();
    expect((await consumer).repaired).toBe(1);
    expect(events.filter((e) => e.startsWith('compensation_consumer_error'))).toEqual([]);
    expect(await t.pair.new.get(key(7))).toBe('seven');
  });

  it('a pass that retried a page of due entries does not block for new ones, so a backlog after an outage drains page after page', async () => {
    // Regression (migration-faults drill): every pass blocked for blockMs after its page of
    // retries, so 2,000 entries queued in a 1.5 s outage took 10-20 s to drain. With a block
    // of two minutes, the old code hangs here until the test times out.
    const rt = runtimeOf(t);
    await ensureCompensationGroup(t.control, 'm-test');
    await t.newServer.kill();
    for (let n = 0; n < 150; n++) await writeOldAndFail(100 + n, `backlog${n}`);
    const opts = { consumer: 'c1', backoffBaseMs: 10, backoffMaxMs: 10, count: 100 };
    let totals = await processCompensationOnce(rt, { ...opts, count: 200 });
    expect(totals).toMatchObject({ delivered: 150, failed: 150 });
    await t.newServer.restart();
    await waitReady(t.pair.new);
    await new Promise((r) => setTimeout(r, 20));
    totals = await processCompensationOnce(rt, opts, 120_000);
    expect(totals).toMatchObject({ delivered: 100, repaired: 100 });
    totals = await processCompensationOnce(rt, opts, 120_000);
    expect(totals).toMatchObject({ delivered: 50, repaired: 50 });
    expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
    expect(await t.pair.new.get(key(249))).toBe('backlog149');
  }, 30_000);

  it('a failed first write that applied anyway is reconciled onto the second instance', async () => {
    const rt = createRuntime({
      config: testSnapshot({ old: t.oldServer.port, new: t.newServer.port }, [migrationOf()]),
      migrationId: 'm-test',
      control: t.control,
      clientFor: (i) => (i.name === 'spare' ? t.pair.new : t.pair.old),
    });
    const k = `member_list_{${midWithCode(1, 6)}}`;
    await t.pair.old.hset(k, 'u1', 'joined'); // applied, though the proxy saw an error
    expect(await handlePrimaryWriteFailure(rt, failure(['HSET', k, 'u1', 'joined']))).toMatchObject({
      outcome: 'retried',
      repairs: ['repaired'],
      queued: [],
    });
    expect(await t.pair.new.hgetall(k)).toEqual({ u1: 'joined' });
  });

  it('ignores instances outside the migration and dead-letters a failure with no key', async () => {
    const rt = runtimeOf(t);
    expect(
      await handleSecondaryWriteFailure(rt, { ...failure(['SET', 'x', '1']), secondary: 'gz-enterprise' }),
    ).toMatchObject({ outcome: 'ignored' });
    expect(await handleSecondaryWriteFailure(rt, failure(['EXEC']))).toMatchObject({ outcome: 'dead-lettered' });
    expect(await listDeadLetters(t.control, 'm-test')).toMatchObject([
      { command: 'EXEC', lastError: 'no key to re-sync' },
    ]);
  });
});

function chunk(flat: string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
