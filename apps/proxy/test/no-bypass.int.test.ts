/**
 * Issue 14 findings 4, 5, 6 (fan-out) and 8 through a real worker and real redis-server:
 * MULTI runs the same admission as single commands, one small request cannot make a backend
 * build a huge reply or allocate a huge string, and the smaller fixes (COPY DB, AUTH cost,
 * write timeouts, no config).
 */
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { TConfigSnapshotInput } from '@switchyard/core';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activate } from '../src/config-poller/active-config.ts';
import { silentLogger } from '../src/telemetry/log.ts';
import { startProxy } from '../src/worker.ts';
import { meetingId, startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let version = 1;
beforeAll(async () => {
  demo = await startDemo({ proxy: { METRICS_PORT: 0 } });
}, 60_000);
afterAll(async () => demo?.stop());

function apply(edit: (s: TConfigSnapshotInput) => void): void {
  const next = structuredClone(demo.snapshot);
  edit(next);
  demo.proxy.holder.swap(activate(demo.published(++version, next)));
}

const STALL_1200MS =
  "local s = redis.call('TIME') while true do local n = redis.call('TIME') if (n[1] - s[1]) * 1000000 + (n[2] - s[2]) > 1200000 then return 1 end end";

async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const caps = (cap: Parameters<DemoFixture['proxy']['ctx']['stats']['caps']['get']>[0]): number =>
  demo.proxy.ctx.stats.caps.get(cap);

/** Runs MULTI; <cmd>; EXEC through ioredis and returns the EXEC error, or null when it ran. */
async function multiSet(client: Redis, key: string, value: string): Promise<string | null> {
  try {
    await client.multi().set(key, value).exec();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('transactions pass the same admission as single commands (finding 4)', () => {
  const key = meetingId(2, 901n);

  it('drops 20 of 20 MULTI; SET; EXEC under a 100% caller drop, with EXECABORT and no write', async () => {
    apply((s) => (s.degradation = { callers: [{ caller: 'demo', ratio: 1 }], keys: [] }));
    const client = demo.client();
    const outcomes = [];
    for (let i = 0; i < 20; i++) outcomes.push(await multiSet(client, key, `v${i}`));
    expect(outcomes.filter((o) => o === null)).toHaveLength(0);
    expect(new Set(outcomes)).toEqual(new Set(['EXECABORT Transaction discarded because of previous errors.']));
    expect(await demo.direct('gz-enterprise').exists(key)).toBe(0);
    // The queued SET itself was answered with the drop, as Redis answers a queue-time error.
    const tx = await client
      .multi()
      .set(key, 'x')
      .exec()
      .catch((e: Error & { previousErrors?: Error[] }) => e.previousErrors?.map((p) => p.message));
    expect(tx).toEqual(['ERR SWITCHYARD degraded (caller demo)']);
    apply(() => undefined);
    expect(await multiSet(client, key, 'after')).toBeNull();
    expect(await demo.direct('gz-enterprise').get(key)).toBe('after');
  });

  it('drops an exact key inside MULTI', async () => {
    const hot = `stable_${meetingId(1, 77n)}`;
    apply((s) => (s.degradation = { callers: [], keys: [{ key: hot, ratio: 1 }] }));
    expect(await multiSet(demo.client(), hot, 'x')).toMatch(/^EXECABORT/);
    expect(await demo.direct('gz-personal').exists(hot)).toBe(0);
    apply(() => undefined);
  });

  it("applies the caller's QPS limit to queued commands", async () => {
    apply((s) => (s.callers[0]!.qpsLimit = 5));
    const client = demo.client();
    const tx = client.multi();
    for (let i = 0; i < 30; i++) tx.set(`${key}:${i}`, 'q');
    const err = await tx.exec().then(
      () => null,
      (e: Error & { previousErrors?: Error[] }) => e,
    );
    expect(err?.message).toMatch(/^EXECABORT/);
    expect(err?.previousErrors?.[0]?.message).toBe('ERR SWITCHYARD rate limited (caller demo)');
    apply(() => undefined);
  });

  it('refuses queued commands past the in-flight bound, and counts EXEC while it runs', async () => {
    apply((s) => (s.limits = { maxInFlight: 1 }));
    // The backend holds every command for 2 s, so the GET stays in flight.
    await demo.direct('gz-enterprise').call('CLIENT', 'PAUSE', '2000', 'ALL');
    const pending = demo.client().get(key);
    await until(async () => demo.proxy.ctx.guard.protections.inFlight === 1, 'the GET to be in flight');
    expect(await multiSet(demo.client(), key, 'busy')).toMatch(/^EXECABORT/);
    await pending;
    apply(() => undefined);
    expect(demo.proxy.ctx.guard.protections.inFlight).toBe(0);
  });
});

describe('count arguments and offsets are capped (finding 5)', () => {
  const set = `stable_${meetingId(2, 5n)}`;

  it('refuses SRANDMEMBER key -100000000 at once and serves small counts', async () => {
    await demo.direct('gz-enterprise').sadd(set, 'a', 'b', 'c');
    const client = demo.client();
    const before = caps('count');
    await expect(client.srandmember(set, -100_000_000)).rejects.toThrow(
      "ERR SWITCHYARD count for 'srandmember' is over the proxy's limit of 100000",
    );
    expect(await client.srandmember(set, -7)).toHaveLength(7);
    for (const cmd of [
      ['SPOP', set, '1000000'],
      ['LPOP', set, '1000000'],
      ['RPOP', set, '1000000'],
      ['ZPOPMIN', set, '1000000'],
      ['ZRANDMEMBER', set, '-1000000'],
      ['HRANDFIELD', set, '-1000000'],
      ['HSCAN', set, '0', 'COUNT', '100000000'],
    ]) {
      await expect(client.call(cmd[0]!, ...cmd.slice(1))).rejects.toThrow(/ERR SWITCHYARD count for/);
    }
    expect(caps('count') - before).toBe(8);
    expect(await demo.direct('gz-enterprise').scard(set)).toBe(3);
  });

  it('refuses SETRANGE key 536870911 x, SETBIT and BITFIELD past the offset cap, and the backend does not grow', async () => {
    const key = meetingId(2, 6n);
    const backend = demo.direct('gz-enterprise');
    const client = demo.client();
    await expect(client.setrange(key, 536870911, 'x')).rejects.toThrow(
      "ERR SWITCHYARD offset for 'setrange' would grow the string past the proxy's limit of 16777216 bytes",
    );
    await expect(client.setbit(key, 4294967295, 1)).rejects.toThrow(/offset for 'setbit'/);
    await expect(client.call('BITFIELD', key, 'SET', 'u8', '#100000000', '1')).rejects.toThrow(/offset for 'bitfield'/);
    await expect(client.call('BITFIELD', key, 'GET', 'u8', '0', 'SET', 'i16', '200000000', '1')).rejects.toThrow(
      /offset for 'bitfield'/,
    );
    expect(await backend.exists(key)).toBe(0);
    expect(await client.setrange(key, 10, 'x')).toBe(11);
    expect(await client.call('BITFIELD', key, 'SET', 'u8', '#2', '255')).toEqual([0]);
    expect(await backend.strlen(key)).toBe(11);
  });

  it('exports every cap refusal as switchyard_cap_refusals_total{cap}', async () => {
    await expect(demo.client().srandmember(set, -100_000_000)).rejects.toThrow(/count for/);
    const text = await (await fetch(`http://127.0.0.1:${demo.proxy.metricsPort}/metrics`)).text();
    const count = Number(/switchyard_cap_refusals_total\{cap="count",worker="[^"]+"\} (\d+)/.exec(text)?.[1]);
    expect(count).toBe(caps('count'));
    expect(count).toBeGreaterThanOrEqual(9);
    expect(text).toMatch(/switchyard_cap_refusals_total\{cap="offset",worker="[^"]+"\} [1-9]/);
  });

  it('refuses a capped count queued in MULTI', async () => {
    const err = await demo
      .client()
      .multi()
      .srandmember(set, -100_000_000)
      .exec()
      .then(
        () => null,
        (e: Error) => e.message,
      );
    expect(err).toMatch(/^EXECABORT/);
  });
});

describe('keys per request are capped (finding 6)', () => {
  it('refuses an MGET of 500k keys before planning it, while another client is served', async () => {
    const keys = Array.from({ length: 500_000 }, (_, i) => meetingId(2, BigInt(i)));
    const client = demo.client();
    const other = demo.client();
    await other.ping();
    const before = caps('keys');
    const mget = client.mget(keys).then(
      () => 'ran',
      (e: Error) => e.message,
    );
    expect(await other.ping()).toBe('PONG');
    expect(await mget).toBe(
      "ERR SWITCHYARD 'mget' names 500000 keys, over the proxy's limit of 10000 per request; send smaller batches",
    );
    await expect(client.del(...keys.slice(0, 10_001))).rejects.toThrow(/'del' names 10001 keys/);
    expect(caps('keys') - before).toBe(2);
    expect(await client.mget(keys.slice(0, 10_000))).toHaveLength(10_000);
  });
});

describe('smaller fixes (finding 8)', () => {
  it('refuses COPY into a database other than 0', async () => {
    const [a, b] = [`stable_${meetingId(2, 8n)}`, `stable_${meetingId(2, 9n)}`];
    const client = demo.client();
    await client.set(a, 'v');
    await expect(client.call('COPY', a, b, 'DB', '7')).rejects.toThrow(
      'ERR SWITCHYARD only database 0 is available through the proxy',
    );
    // The backends run one database (issue 14 hardening), so nothing could land elsewhere either.
    const backend = demo.direct('gz-enterprise');
    await expect(backend.select(7)).rejects.toThrow(/DB index is out of range/);
    expect(await backend.exists(b)).toBe(0);
    expect(await client.call('COPY', a, b, 'DB', '0')).toBe(1);
  });

  it('runs one scrypt for an unknown caller, as for a known caller with a wrong secret', async () => {
    const verifier = demo.proxy.ctx.verifier;
    const before = verifier.hashChecks;
    await expect(demo.client({ username: 'nobody', password: 'guess' }).ping()).rejects.toThrow(/WRONGPASS/);
    expect(verifier.hashChecks - before).toBe(1);
    await expect(demo.client({ username: 'demo', password: 'guess' }).ping()).rejects.toThrow(/WRONGPASS/);
    expect(verifier.hashChecks - before).toBe(2);
  });

  it('a worker with an unreadable last-known-good and no console reports "no config", is not ready, and answers LOADING to AUTH', async () => {
    const lkg = path.join(demo.dir, 'broken-lkg.json');
    await writeFile(lkg, '{ not json');
    const worker = await startProxy({
      PROXY_PORT: 0,
      METRICS_PORT: 0,
      LKG_PATH: lkg,
      logger: silentLogger,
      SHUTDOWN_GRACE_MS: 500,
    });
    try {
      const health = await fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, status: 'no config', configVersion: 0 });
      const reply = await raw(worker.port, '*3\r\n$4\r\nAUTH\r\n$4\r\ndemo\r\n$11\r\ndemo-secret\r\n');
      expect(reply).toBe('-LOADING SWITCHYARD the proxy has no config yet; retry shortly\r\n');
    } finally {
      await worker.close();
    }
  });
});

describe('a timed-out write says it may have been applied (finding 8)', () => {
  let slow: DemoFixture;
  beforeAll(async () => {
    // The hardened backends answer BUSY after 1 s of script (busy-reply-threshold); this test
    // needs the INCRs queued behind a 1.2 s script instead, as a slow backend would queue them.
    slow = await startDemo({ proxy: { BACKEND_TIMEOUT_MS: 300 }, redisArgs: ['--busy-reply-threshold', '5000'] });
  }, 60_000);
  afterAll(async () => slow?.stop());

  it('answers a write timeout differently from a read timeout, and the write was in fact applied', async () => {
    const key = meetingId(2, 31n);
    const backend = slow.direct('gz-enterprise');
    // A script keeps the backend busy for 1.2 s: the proxy gives up after 300 ms, and Redis runs
    // the queued INCRs once the script ends. (CLIENT PAUSE would not do: Redis drops the paused
    // commands of a connection that closed meanwhile.)
    await backend.ping();
    const busy = backend.eval(STALL_1200MS, 0);
    await new Promise((r) => setTimeout(r, 100));
    const client = slow.client();
    const [write, read, tx] = await Promise.all([
      client.incr(key).then(
        () => null,
        (e: Error) => e.message,
      ),
      slow
        .client()
        .get(meetingId(2, 32n))
        .then(
          () => null,
          (e: Error) => e.message,
        ),
      slow
        .client()
        .multi()
        .incr(key)
        .exec()
        .then(
          () => null,
          (e: Error) => e.message,
        ),
    ]);
    expect(write).toBe(
      "ERR SWITCHYARD backend 'gz-enterprise' timed out; the write may have been applied, so check before retrying a command that is not idempotent",
    );
    expect(tx).toBe(write);
    expect(read).toBe("ERR SWITCHYARD backend 'gz-enterprise' timed out");
    await busy;
    // The backend ran both INCRs once it was free: a blind retry would have applied them twice.
    await until(async () => (await backend.get(key)) === '2', 'the timed-out INCRs to land');
    expect(await backend.get(key)).toBe('2');
  });
});

function raw(port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () => socket.write(payload));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString('latin1'));
    });
    socket.once('error', reject);
  });
}
