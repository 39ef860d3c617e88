/**
 * Realtime reconciliation after a failed dual write (seed 001 §8.3.3.1), through a real
 * proxy: "the SDK reported failure, but Redis actually succeeded". A backend is held busy
 * by a Lua loop longer than the proxy's request timeout; the caller gets the timeout error
 * while the write lands once the loop ends. Both the old-side (sync truth) and the new-side
 * case must converge. The queued re-check when the realtime repair cannot finish is covered
 * in packages/migration/src/compensation/primary-failure.int.test.ts.
 */
import { waitUntil } from '@switchyard/stack/harness';
import {
  compStreamKey,
  createRuntime,
  deadStreamKey,
  ensureCompensationGroup,
  processCompensationOnce,
} from '@switchyard/migration';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';
import { splitCode6 } from '../src/testing/demo-migration.ts';

let demo: DemoFixture;
const MIGRATION = splitCode6('DUAL_WRITE', { id: 'm-rt' });

beforeAll(async () => {
  demo = await startDemo({
    proxy: { BACKEND_TIMEOUT_MS: 300 },
    edit: (s) => {
      s.migrations = [MIGRATION];
      // Code 6's mirror runs in write-log mode in the demo; its log lives on the control instance,
      // which the fixture shares with the new side these tests hold busy. Replication mode keeps
      // this file about the migration's realtime reconciliation (write-log: write-log.int.test.ts).
      for (const c of s.codes) c.mirrorModes = {};
    },
  });
}, 60_000);
afterAll(async () => {
  await demo?.stop();
});

/**
 * Holds the server busy for `ms` (a Lua busy loop; DEBUG is off on the harness servers), on
 * a connection of its own; resolves once the loop has started, with the loop's completion.
 */
async function busy(name: 'sh-enterprise' | 'others', ms: number): Promise<{ done: Promise<unknown> }> {
  const direct = demo.direct(name);
  await direct.ping();
  const script =
    "local t = redis.call('TIME'); local until_ = t[1] * 1000000 + t[2] + ARGV[1] * 1000; repeat t = redis.call('TIME') until t[1] * 1000000 + t[2] >= until_; return 1";
  const done = direct.eval(script, 0, String(ms));
  // Another connection cannot observe the loop (its commands just queue), so give the EVAL
  // a moment to reach the server before the caller's write is sent.
  await new Promise((r) => setTimeout(r, 100));
  return { done };
}

let oldC: Redis | undefined;
let newC: Redis | undefined;
const oldSide = (): Redis => (oldC ??= demo.direct('sh-enterprise'));
const newSide = (): Redis => (newC ??= demo.direct('others'));

/** The migrator's compensation consumer, one pass at a time, until the new side holds `value`. */
async function consumeUntil(key: string, value: string): Promise<string | null> {
  const rt = createRuntime({
    config: demo.proxy.holder.current!.compiled,
    migrationId: MIGRATION.id,
    clientFor: (i) => (i.name === 'sh-enterprise' ? oldSide() : newSide()),
    control: newSide(),
  });
  await ensureCompensationGroup(rt.control, MIGRATION.id);
  return waitUntil(
    async () => {
      await processCompensationOnce(rt, { consumer: 'test', backoffBaseMs: 1 });
      return newSide().get(key);
    },
    (v) => v === value,
    `the new side holds ${value}`,
    8000,
  );
}

it('repairs the new side when the old (sync-truth) write timed out but was applied', async () => {
  const client = demo.client();
  const key = meetingId(6, 901n);
  expect(await client.get(key)).toBeNull(); // the proxy's pooled connection is up before the loop
  const blocked = await busy('sh-enterprise', 900);
  await expect(client.set(key, 'landed-late')).rejects.toThrow(/timed out; the write may have been applied/);
  await blocked.done;
  // The late write and our read arrive on different connections: either may run first.
  await waitUntil(
    () => oldSide().get(key),
    (v) => v === 'landed-late',
    'the late write applied on old',
    5000,
  );
  // Repaired in realtime, or (when the late write reached old after the realtime read) by
  // the queued re-check the migrator's consumer runs.
  expect(await consumeUntil(key, 'landed-late')).toBe('landed-late');
  expect(demo.proxy.compensation.outcomes.get('reconciled')).toBe(1);
  expect(await newSide().xlen(compStreamKey(MIGRATION.id))).toBe(0);
});

it('converges when the new-side write timed out but was applied', async () => {
  const client = demo.client();
  const key = meetingId(6, 902n);
  const blocked = await busy('others', 900);
  // The caller gets the old side's answer; the new side's write lands after the loop.
  expect(await client.set(key, 'both')).toBe('OK');
  await blocked.done;
  await waitUntil(
    () => newSide().get(key),
    (v) => v === 'both',
    'new side written',
    5000,
  );
  await waitUntil(
    () => oldSide().get(key),
    (v) => v === 'both',
    'old written',
    5000,
  );
});

it('a MULTI/EXEC whose new-side EXEC timed out is re-synced key by key, not dead-lettered as keyless', async () => {
  const client = demo.client();
  const [k1, k2] = [meetingId(6, 904n), meetingId(6, 905n)];
  expect(await client.get(k1)).toBeNull();
  const blocked = await busy('others', 900);
  expect(await client.multi().set(k1, 'tx-1').set(k2, 'tx-2').exec()).toEqual([
    [null, 'OK'],
    [null, 'OK'],
  ]);
  await blocked.done;
  expect(await consumeUntil(k1, 'tx-1')).toBe('tx-1');
  expect(await consumeUntil(k2, 'tx-2')).toBe('tx-2');
  expect(await newSide().xlen(deadStreamKey(MIGRATION.id))).toBe(0);
});
