/**
 * Realtime reconciliation after an ambiguous failure of the FIRST (sync-truth) write (seed
 * 001 §8.3.3.1: "the SDK reported failure, but Redis actually succeeded"). Every key that is
 * not repaired on the spot is queued for a delayed re-check on the compensation stream; the
 * consumer compares again after its backoff and repairs by CAS.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startInstances, waitReady, type TestInstances } from '../test-support/instances.ts';
import { runtimeOf, until } from '../test-support/runtime.ts';
import { midWithCode } from '../test-support/snapshot.ts';
import { ensureCompensationGroup, processCompensationOnce } from './consumer.ts';
import { compensationDepth } from './dead-letters.ts';
import { handlePrimaryWriteFailure } from './handle-failure.ts';

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
  error: "ERR SWITCHYARD backend 'gz-personal' timed out",
});

async function drain(key: string, value: string): Promise<void> {
  const rt = runtimeOf(t);
  await ensureCompensationGroup(t.control, 'm-test');
  const reached = await until(
    async () => {
      await processCompensationOnce(rt, { consumer: 'c1', backoffBaseMs: 5 });
      return t.pair.new.get(key);
    },
    (v) => v === value,
  );
  expect(reached).toBe(value);
}

it('a write that lands on old after the realtime read is caught by the queued re-check', async () => {
  // Realtime read: both sides agree (the timed-out write has not landed yet), still queued.
  const r = await handlePrimaryWriteFailure(runtimeOf(t), failure(['SET', key(1), 'late']));
  expect(r).toMatchObject({ outcome: 'retried', repairs: ['equal'], queued: [expect.any(String)] });
  await t.pair.old.set(key(1), 'late'); // ... and now it lands
  await drain(key(1), 'late');
  expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
});

it('queues the key when the realtime repair cannot reach the other side; the consumer repairs it later', async () => {
  await t.pair.old.set(key(2), 'applied'); // the write the caller saw fail
  await t.newServer.kill();
  const r = await handlePrimaryWriteFailure(runtimeOf(t), failure(['SET', key(2), 'applied']));
  expect(r).toMatchObject({ outcome: 'retried', repairs: ['conflict'], queued: [expect.any(String)] });
  expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 1, dead: 0 });
  await t.newServer.restart();
  await waitReady(t.pair.new);
  await drain(key(2), 'applied');
  expect(await compensationDepth(t.control, 'm-test')).toEqual({ queued: 0, dead: 0 });
});
