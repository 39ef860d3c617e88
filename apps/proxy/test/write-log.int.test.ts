/**
 * Write-log mirror sync end to end (issue 17 §1, docs/MIRROR-MODES.md): writes of code 6
 * (sh-enterprise, whose gz mirror runs in write-log mode in the demo config) go through the
 * proxy while a redo worker in its own process copies them to the mirror. The worker is
 * SIGKILLed mid-load and a new one (another consumer) starts later. Afterwards the lag
 * drains, the checker finds no difference, and every acknowledged write is on the mirror.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WRITE_LOG_GROUP, writeLogStream } from '@switchyard/core';
import { checkOnce, lagOverThreshold, writeLogLag, writeLogStatus } from '@switchyard/migration';
import { waitUntil } from '@switchyard/stack/harness';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

const CHILD = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../packages/migration/src/test-support/redo-child.ts',
);
const WRITERS = 6;
const OPS = 300;
const KEYS_PER_WRITER = 6;

let fx: DemoFixture;
let home: Redis;
let mirror: Redis;
let control: Redis;
const children: ChildProcess[] = [];

function startRedo(consumer: string): Promise<ChildProcess> {
  const arg = JSON.stringify({
    control: fx.redis.others.port,
    home: fx.redis['sh-enterprise'].port,
    mirrors: [fx.redis.others.port],
    code: 6,
    consumer,
    claimIdleMs: 300,
  });
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, arg], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`redo worker exited (${c}) before ready`)));
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(child);
    });
  });
}

beforeAll(async () => {
  fx = await startDemo();
  home = fx.direct('sh-enterprise');
  mirror = fx.direct('others');
  control = mirror;
}, 60_000);

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await fx?.stop();
});

/** Key `k` of writer `w`: a string (shadow_) or a hash (member_list_), all of code 6. */
const keyOf = (w: number, k: number): string => {
  const mid = meetingId(6, BigInt(w * 100 + k + 1));
  return k % 2 === 0 ? `shadow_{${mid}}` : `member_list_{${mid}}`;
};

/** Points in the load that every writer waits at, so the test's steps cannot be outrun by the load. */
interface Gates {
  /** Writers wait at half their ops until the first redo worker is killed. */
  killed: Promise<void>;
  /** Writers wait at two thirds of their ops until the lag is read and the second worker runs. */
  resumed: Promise<void>;
}

function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** One writer: its own keys, sequential, so its model is the acknowledged truth. */
async function writer(
  w: number,
  progress: { done: number },
  gates: Gates,
): Promise<Map<string, string | Record<string, string> | null>> {
  const client = fx.client();
  const model = new Map<string, string | Record<string, string> | null>();
  for (let i = 0; i < OPS; i++) {
    if (i === OPS / 2) await gates.killed;
    if (i === (2 * OPS) / 3) await gates.resumed;
    const k = i % KEYS_PER_WRITER;
    const key = keyOf(w, k);
    const op = (i * 7 + w) % 10;
    if (op === 0) {
      await client.del(key);
      model.set(key, null);
    } else if (k % 2 === 0) {
      await client.set(key, `v${w}-${i}`);
      model.set(key, `v${w}-${i}`);
    } else {
      await client.hset(key, `f${i % 3}`, `v${i}`);
      const prev = model.get(key);
      model.set(key, { ...(prev !== null && typeof prev === 'object' ? prev : {}), [`f${i % 3}`]: `v${i}` });
    }
    progress.done++;
  }
  return model;
}

describe('write-log mirror (sh-enterprise → gz)', () => {
  it('keeps the mirror in sync across a SIGKILLed redo worker: no acknowledged write missing, 0 differences, lag back under the threshold', async () => {
    await startRedo('a');
    const progress = { done: 0 };
    const total = WRITERS * OPS;
    const killed = gate();
    const resumed = gate();
    const gates = { killed: killed.promise, resumed: resumed.promise };
    const load = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w, progress, gates)));
    // Killed mid-load: the writers run on (up to the half-way gate) while the worker copies.
    await waitUntil(
      async () => progress.done,
      (n) => n >= total / 3,
      'a third of the load',
    );
    const a = children[0]!;
    const exited = new Promise((resolve) => a.once('exit', resolve));
    a.kill('SIGKILL');
    await exited;
    killed.resolve();
    // Every writer is at the two-thirds gate; the sixth of the load written since the kill is not consumed.
    await waitUntil(
      async () => progress.done,
      (n) => n === (2 * total) / 3,
      'two thirds of the load',
    );
    // While no worker runs, the log grows: lag is visible.
    expect((await writeLogLag(control, 6)).entries).toBeGreaterThan(0);
    await startRedo('b');
    resumed.resolve();
    const models = await load;

    await waitUntil(
      () => writeLogLag(control, 6),
      (l) => l.entries === 0,
      'write-log lag drained',
      30_000,
    );
    // Every acknowledged write was logged: one key per write (entries may carry several keys).
    const logged = (await control.xrange(writeLogStream(6), '-', '+')).reduce(
      (n, [, fields]) => n + fields.filter((f, i) => i % 2 === 0 && f === 'k').length,
      0,
    );
    expect(logged).toBe(total);
    // Whatever the killed consumer had taken and not acknowledged was claimed by 'b'.
    const consumers = (await control.xinfo('CONSUMERS', writeLogStream(6), WRITE_LOG_GROUP)) as unknown[][];
    for (const c of consumers) expect(Number(c[c.indexOf('pending') + 1])).toBe(0);

    const totals = await checkOnce({ code: 6, control, home, mirrors: [mirror] }, { checkAfterMs: 0, count: 100_000 });
    expect(totals.checked).toBe(WRITERS * KEYS_PER_WRITER);
    expect(totals).toMatchObject({ differences: 0, unresolved: 0 });
    // The checker trimmed what it checked.
    expect(await control.xlen(writeLogStream(6))).toBeLessThanOrEqual(1);

    for (const model of models) {
      for (const [key, want] of model) {
        if (want === null) expect(await mirror.exists(key)).toBe(0);
        else if (typeof want === 'string') expect(await mirror.get(key)).toBe(want);
        else expect(await mirror.hgetall(key)).toEqual(want);
      }
    }
    const lag = await writeLogLag(control, 6);
    expect(lagOverThreshold(lag, { maxLagSeconds: 5, maxLagEntries: 10_000 })).toBe(false);
    const status = await writeLogStatus(control, 6);
    expect(status.redoneKeys).toBeGreaterThanOrEqual(WRITERS * KEYS_PER_WRITER);
    expect(status.checkedKeys).toBe(WRITERS * KEYS_PER_WRITER);
  }, 120_000);

  it('copies TTLs and does not log reads or writes of codes whose mirror uses REPLICAOF', async () => {
    const client = fx.client();
    const before = await control.xlen(writeLogStream(6));
    const key = `shadow_{${meetingId(6, 999n)}}`;
    await client.set(key, 'with-ttl', 'PX', 600_000);
    await client.get(key);
    await client.set(`shadow_{${meetingId(1, 999n)}}`, 'code 1');
    expect(await control.xlen(writeLogStream(6))).toBe(before + 1);
    expect(await control.exists(writeLogStream(1))).toBe(0);
    await waitUntil(
      () => mirror.get(key),
      (v) => v === 'with-ttl',
      'TTL key on the mirror',
      10_000,
    );
    expect(await mirror.pttl(key)).toBeGreaterThan(500_000);
  }, 30_000);

  it('logs the writes of MULTI/EXEC and of scripts before their replies', async () => {
    const client = fx.client();
    const tx = `shadow_{${meetingId(6, 777n)}}`;
    const script = `shadow_{${meetingId(6, 778n)}}`;
    expect(await client.multi().set(tx, 'in-tx').get(tx).exec()).toEqual([
      [null, 'OK'],
      [null, 'in-tx'],
    ]);
    expect(await client.eval("return redis.call('SET', KEYS[1], ARGV[1])", 1, script, 'by-script')).toBe('OK');
    const keys = (await control.xrange(writeLogStream(6), '-', '+')).flatMap(([, f]) =>
      f.filter((_, i) => i % 2 === 1 && f[i - 1] === 'k'),
    );
    expect(keys).toEqual(expect.arrayContaining([tx, script]));
    await waitUntil(
      () => mirror.mget(tx, script),
      (v) => v[0] === 'in-tx' && v[1] === 'by-script',
      'tx and script writes on the mirror',
      10_000,
    );
  }, 30_000);

  it('the checker finds a mirror value that differs, copies it again and counts it', async () => {
    const client = fx.client();
    const key = `shadow_{${meetingId(6, 779n)}}`;
    await client.set(key, 'truth');
    await waitUntil(
      () => mirror.get(key),
      (v) => v === 'truth',
      'key on the mirror',
      10_000,
    );
    await waitUntil(
      () => writeLogLag(control, 6),
      (l) => l.entries === 0,
      'redo caught up',
      10_000,
    );
    await mirror.set(key, 'tampered');
    const totals = await checkOnce({ code: 6, control, home, mirrors: [mirror] }, { checkAfterMs: 0, count: 100_000 });
    expect(totals).toMatchObject({ differences: 1, unresolved: 0 });
    expect(await mirror.get(key)).toBe('truth');
    expect((await writeLogStatus(control, 6)).differences).toBeGreaterThanOrEqual(1);
  }, 30_000);
});
