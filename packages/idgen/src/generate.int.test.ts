import { compileConfig, decodeMeetingId, DEMO_LAYOUT, readSeq, type TConfigSnapshot } from '@switchyard/core';
import { startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CREATE_ID_SHA, shadowKeyOf } from './create-id.lua.ts';
import { isIdgenError } from './errors.ts';
import { generateForRegion, generateMeetingId, runCreateScript, type RedisLike } from './generate.ts';
import { rawScriptRunner } from './raw-script-runner.ts';
import { constrainedRandomSource, scriptedRandomSource, seededRandomSource } from './random-source.ts';
import { demoConfigSnapshot, FIXED_NOW } from './testing/fixtures.ts';

const rules = demoConfigSnapshot().encodingRules;
const base = { layout: DEMO_LAYOUT, rules, now: FIXED_NOW };

let redis: RedisProcess;
let client: Redis;
beforeAll(async () => {
  redis = await startRedis();
  client = new Redis({ host: redis.host, port: redis.port, lazyConnect: false });
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});
beforeEach(async () => {
  await client.flushall();
});

describe('the create-if-absent script', () => {
  it('answers created, exists, or shadowed, and never overwrites', async () => {
    const value = Buffer.from('v1');
    expect(await runCreateScript(client, '123', value)).toBe('created');
    expect(await runCreateScript(client, '123', Buffer.from('v2'))).toBe('exists');
    expect(await client.get('123')).toBe('v1');
    await client.set(shadowKeyOf('456'), '');
    expect(await runCreateScript(client, '456', value)).toBe('shadowed');
    expect(await client.exists('456')).toBe(0);
  });

  it('loads itself with EVAL after SCRIPT FLUSH (NOSCRIPT fallback)', async () => {
    await client.script('FLUSH');
    expect(await client.script('EXISTS', CREATE_ID_SHA)).toEqual([0]);
    expect(await runCreateScript(client, '789', Buffer.from('x'))).toBe('created');
    expect(await client.script('EXISTS', CREATE_ID_SHA)).toEqual([1]);
  });
});

describe('generateMeetingId on one instance', () => {
  it('creates a SEQ-prefixed meeting-info key with the payload and TTL', async () => {
    const r = await generateMeetingId(client, {
      ...base,
      region: 'gz',
      identity: 'personal',
      grouped: false,
      payload: Buffer.from('hello'),
      ttlSeconds: 3600,
    });
    expect(r).toMatchObject({
      code: 1,
      kind: 'normal',
      day: 1360,
      rule: 'gz;personal;*',
      fellBack: false,
      attempts: 1,
      instance: null,
    });
    expect(BigInt(r.id) >= 1n << 49n).toBe(true);
    expect(decodeMeetingId(r.id, DEMO_LAYOUT)).toMatchObject({ kind: 'normal', code: 1, day: 1360 });
    const stored = await client.getBuffer(r.id);
    expect(stored && readSeq(stored)).toBe(1n);
    expect(stored?.subarray(8).toString()).toBe('hello');
    const ttl = await client.ttl(r.id);
    expect(ttl > 3500 && ttl <= 3600).toBe(true);
  });

  it('keeps grouped IDs below 2^49', async () => {
    const r = await generateMeetingId(client, { ...base, region: 'sh', identity: 'enterprise', grouped: true });
    expect(BigInt(r.id) < 1n << 49n).toBe(true);
    expect(r).toMatchObject({ code: 6, kind: 'grouped', rule: 'sh;enterprise;*' });
  });

  it('reports the *;*;* fallback for an unknown region or identity', async () => {
    const a = await generateMeetingId(client, { ...base, region: 'tj', identity: 'personal', grouped: false });
    const b = await generateMeetingId(client, { ...base, region: 'gz', identity: 'vip', grouped: false });
    for (const r of [a, b]) expect(r).toMatchObject({ code: 2, rule: '*;*;*', fellBack: true });
  });

  it('never hands out a legacy ID seeded into the shadow keys', async () => {
    const legacy = '1311768467463790320'; // 0x1234_5678_9abc_def0: a normal ID that decodes to code 1
    const parts = decodeMeetingId(legacy, DEMO_LAYOUT);
    await client.set(shadowKeyOf(legacy), '');
    // Force the first draw onto the legacy ID, at its own code and day.
    const rulesForCode = [{ region: '*', identity: '*', set: '*', code: parts.code }] as const;
    const now = new Date(Date.parse(DEMO_LAYOUT.epoch) + (parts.day + 0.5) * 86_400_000);
    const r = await generateMeetingId(client, {
      layout: DEMO_LAYOUT,
      rules: [...rulesForCode],
      now,
      region: 'gz',
      identity: 'personal',
      grouped: false,
      random: scriptedRandomSource([parts.random, parts.random], seededRandomSource(1)),
    });
    expect(r.id).not.toBe(legacy);
    expect(r.attempts).toBe(3);
    expect(r.collisions).toEqual({ exists: 0, shadowed: 2 });
    expect(await client.exists(legacy)).toBe(0);
    expect(await client.exists(r.id)).toBe(1);
  });

  it('fails with ID_RETRIES_EXHAUSTED once every attempt collided', async () => {
    const opts = { ...base, region: 'gz', identity: 'personal', grouped: true, random: () => 42n, maxAttempts: 4 };
    await generateMeetingId(client, opts);
    const error = await generateMeetingId(client, opts).catch((e: unknown) => e);
    expect(isIdgenError(error) && error.code).toBe('ID_RETRIES_EXHAUSTED');
    expect(isIdgenError(error) && error.details).toMatchObject({ attempts: 4, exists: 4, shadowed: 0, code: 1 });
  });
});

/** One request per fresh socket, reply bytes back raw: the shape of the proxy's upstream. */
function rawSend(port: number) {
  return (args: Buffer[]): Promise<Buffer> =>
    new Promise((resolve, reject) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      let reply = Buffer.alloc(0);
      socket.on('data', (chunk) => {
        reply = Buffer.concat([reply, chunk]);
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply);
        }
      });
      socket.on('error', reject);
      const head = Buffer.from(`*${args.length}\r\n`);
      socket.write(
        Buffer.concat([head, ...args.flatMap((a) => [Buffer.from(`$${a.length}\r\n`), a, Buffer.from('\r\n')])]),
      );
    });
}

describe('through a raw RESP sender (how the proxy calls it)', () => {
  it('generates, falling back from NOSCRIPT to EVAL on the raw error reply', async () => {
    await client.script('FLUSH');
    const r = await generateMeetingId(rawScriptRunner(rawSend(redis.port)), {
      ...base,
      region: 'gz',
      identity: 'enterprise',
      grouped: false,
    });
    expect(r).toMatchObject({ code: 2, attempts: 1 });
    expect(readSeq((await client.getBuffer(r.id))!)).toBe(1n);
    expect(await client.script('EXISTS', CREATE_ID_SHA)).toEqual([1]);
  });
});

describe('collision rate (001 §6.3.2)', () => {
  // With N = 2^16 possible IDs, the i-th new ID meets i taken ones: its retries are
  // geometric with q = i/N, mean q/(1-q), variance q/(1-q)^2. Their sum over n IDs is
  // the birthday figure n(n-1)/2/N to first order.
  const N = 2 ** 16;
  const n = 2000;
  const expected = Array.from({ length: n }, (_, i) => i / N / (1 - i / N)).reduce((a, b) => a + b, 0);
  const sigma = Math.sqrt(Array.from({ length: n }, (_, i) => i / N / (1 - i / N) ** 2).reduce((a, b) => a + b, 0));
  const birthday = (n * (n - 1)) / 2 / N;

  it('the exact expectation agrees with the birthday estimate', () => {
    expect(Math.abs(expected - birthday)).toBeLessThan(sigma);
  });

  for (const seed of [11, 22, 33]) {
    it(`retries stay within ±4σ of the expectation (seed ${seed})`, async () => {
      await client.flushall();
      const random = constrainedRandomSource(seededRandomSource(seed), 16);
      let retries = 0;
      for (let i = 0; i < n; i++) {
        const r = await generateMeetingId(client, {
          ...base,
          region: 'gz',
          identity: 'personal',
          grouped: true,
          random,
          maxAttempts: 50,
        });
        retries += r.attempts - 1;
      }
      expect(await client.dbsize()).toBe(n);
      expect(Math.abs(retries - expected)).toBeLessThanOrEqual(4 * sigma);
    });
  }
});

describe('concurrency', () => {
  it('8 clients generating at once produce no duplicates, and every ID exists', async () => {
    const clients = Array.from({ length: 8 }, () => new Redis({ host: redis.host, port: redis.port }));
    try {
      const perClient = 400;
      // A 2^14 space makes clients race for the same IDs; only the script's atomicity keeps them apart.
      const runs = clients.map(async (c, k) => {
        const random = constrainedRandomSource(seededRandomSource(1000 + k), 14);
        const out: { id: string; retries: number }[] = [];
        for (let i = 0; i < perClient; i++) {
          const r = await generateMeetingId(c, {
            ...base,
            region: 'sh',
            identity: 'personal',
            grouped: true,
            random,
            maxAttempts: 200,
          });
          out.push({ id: r.id, retries: r.attempts - 1 });
        }
        return out;
      });
      const all = (await Promise.all(runs)).flat();
      const ids = all.map((r) => r.id);
      expect(new Set(ids).size).toBe(8 * perClient);
      expect(all.reduce((s, r) => s + r.retries, 0)).toBeGreaterThan(0);
      expect(await client.exists(...ids)).toBe(8 * perClient);
      expect(await client.dbsize()).toBe(8 * perClient);
    } finally {
      for (const c of clients) c.disconnect();
    }
  });
});

describe('generateForRegion through the config', () => {
  const servers: RedisProcess[] = [];
  const conns = new Map<string, Redis>();
  let snapshot: TConfigSnapshot;
  const clientFor = (name: string): RedisLike | undefined => conns.get(name);

  beforeAll(async () => {
    // One server per instance we look at; the rest share one.
    const names = ['gz-personal', 'gz-enterprise', 'gz-personal-sh', 'spare'];
    for (let i = 0; i < names.length; i++) servers.push(await startRedis());
    const shared = await startRedis();
    servers.push(shared);
    const portOf = (name: string): number => servers[names.indexOf(name)]?.port ?? shared.port;
    snapshot = demoConfigSnapshot(portOf);
    for (const i of snapshot.instances) conns.set(i.name, new Redis({ host: '127.0.0.1', port: portOf(i.name) }));
  });
  afterAll(async () => {
    for (const c of conns.values()) c.disconnect();
    await Promise.all(servers.map((s) => s.stop()));
  });

  it('creates the ID on the instance its code routes to', async () => {
    const r = await generateForRegion(compileConfig(snapshot), 'gz', 'personal', undefined, false, clientFor, {
      now: FIXED_NOW,
    });
    expect(r).toMatchObject({ code: 1, instance: 'gz-personal', copies: [], rule: 'gz;personal;*' });
    expect(await conns.get('gz-personal')!.exists(r.id)).toBe(1);
    expect(await conns.get('gz-enterprise')!.exists(r.id)).toBe(0);
  });

  it('an unknown region falls back to *;*;* and lands on the fallback code', async () => {
    const r = await generateForRegion(compileConfig(snapshot), 'tj', 'personal', undefined, true, clientFor);
    expect(r).toMatchObject({ code: 2, rule: '*;*;*', fellBack: true, instance: 'gz-enterprise' });
    expect(await conns.get('gz-enterprise')!.exists(r.id)).toBe(1);
  });

  it('honours a failover override: the ID is created on the mirror', async () => {
    const cfg = compileConfig({ ...snapshot, failover: [{ from: 'gz', to: 'sh' }] });
    const r = await generateForRegion(cfg, 'gz', 'personal', undefined, false, clientFor);
    expect(r.instance).toBe('gz-personal-sh');
    expect(await conns.get('gz-personal-sh')!.exists(r.id)).toBe(1);
    expect(await conns.get('gz-personal')!.exists(r.id)).toBe(0);
  });

  it('dual-writes during a migration of the code', async () => {
    const cfg = compileConfig({
      ...snapshot,
      migrations: [
        {
          id: 'm1',
          name: 'move 1',
          code: 1,
          from: 'gz-personal',
          to: 'spare',
          phase: 'DUAL_WRITE',
          grayReadPercent: 0,
          stopDualWritePercent: 0,
        },
      ],
    });
    const r = await generateForRegion(cfg, 'gz', 'personal', undefined, false, clientFor);
    expect(r).toMatchObject({ instance: 'gz-personal', copies: [{ instance: 'spare', outcome: 'created' }] });
    expect(await conns.get('spare')!.exists(r.id)).toBe(1);
  });

  it('fails with NO_CLIENT when the caller has no connection for the instance', async () => {
    const error = await generateForRegion(
      compileConfig(snapshot),
      'gz',
      'personal',
      undefined,
      false,
      () => undefined,
    ).catch((e: unknown) => e);
    expect(isIdgenError(error) && error.code).toBe('NO_CLIENT');
  });
});
