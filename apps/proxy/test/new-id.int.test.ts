/**
 * SY.NEWID through a real in-process proxy over real redis-servers (the demo fixture): the
 * code comes from the worker region's encoding rule, the ID is created where routeKey sends
 * it (failover included), and concurrent clients never get the same ID.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decodeMeetingId, DEMO_LAYOUT, readSeq } from '@switchyard/core';
import { freePort } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type DemoFixture } from './fixture.ts';

let demo: DemoFixture;
let extras = 0;
/** Clients the tests make outside the fixture. */
const extraClients: Redis[] = [];

beforeAll(async () => {
  demo = await startDemo({
    edit: (s) => {
      // A caller that may read and write but not generate IDs (same secret as `demo`).
      s.callers.push({
        name: 'reader',
        secretHash: s.callers[0]!.secretHash,
        commands: ['GET', 'SET'],
        keyTypes: ['*'],
      });
      s.callers.push({
        name: 'minter',
        secretHash: s.callers[0]!.secretHash,
        commands: ['SY.NEWID'],
        keyTypes: ['meeting_info'],
      });
    },
  });
});
afterAll(async () => {
  for (const c of extraClients) c.disconnect();
  await demo?.stop();
});

type Fields = Record<string, string>;

async function newId(client: Redis, ...args: string[]): Promise<Fields> {
  const reply = (await client.call('SY.NEWID', ...args)) as string[];
  expect(reply.length % 2).toBe(0);
  const fields: Fields = {};
  for (let i = 0; i < reply.length; i += 2) fields[reply[i]!] = reply[i + 1]!;
  return fields;
}

/** A second worker over the same backends: another region, or another config file. */
async function extraProxy(options: { region?: string; configFile?: string }): Promise<Redis> {
  const n = extras++;
  const { client } = await demo.startWorker({
    ...(options.configFile === undefined ? {} : { CONFIG_FILE: options.configFile }),
    SWITCHYARD_REGION: options.region,
    SWITCHYARD_WORKER_NAME: `extra-${n}`,
    LKG_PATH: path.join(demo.dir, `lkg-${n}.json`),
    SHUTDOWN_GRACE_MS: 500,
  });
  return client;
}

/** The meeting-info value the create script wrote: SEQ 1 and nothing after it. */
async function expectCreatedOn(backend: Redis, id: string): Promise<void> {
  const value = await backend.getBuffer(id);
  expect(value).not.toBeNull();
  expect(readSeq(new Uint8Array(value!))).toBe(1n);
}

describe('SY.NEWID on a gz worker', () => {
  it('encodes with the gz rules and creates the ID on the code home instance', async () => {
    const f = await newId(demo.client(), 'personal');
    expect(f).toMatchObject({
      code: '1',
      kind: 'normal',
      rule: 'gz;personal;*',
      fellback: '0',
      attempts: '1',
      instance: 'gz-personal',
    });
    const decoded = decodeMeetingId(f.id!, DEMO_LAYOUT);
    expect(decoded.code).toBe(1);
    expect(decoded.kind).toBe('normal');
    expect(String(decoded.day)).toBe(f.day);
    expect(BigInt(f.id!)).toBeGreaterThanOrEqual(1n << 49n);
    await expectCreatedOn(demo.direct('gz-personal'), f.id!);
    expect(await demo.direct('gz-enterprise').exists(f.id!)).toBe(0);
    // The created meeting is readable through the proxy at once.
    expect(await demo.client().strlen(f.id!)).toBe(8);
    // Counted in the per-caller request metrics, by the instance it was created on.
    const series = demo.proxy.ctx.guard.metrics
      .snapshot()
      .find((m) => m.command === 'SY.NEWID' && m.instance === 'gz-personal');
    expect(series?.caller).toBe('demo');
    expect(series!.counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    expect(demo.proxy.ctx.guard.protections.inFlight).toBe(0);
  });

  it('honours REGION, GROUPED and SET', async () => {
    const f = await newId(demo.client(), 'enterprise', 'grouped', 'REGION', 'sh', 'SET', 'blue');
    expect(f).toMatchObject({ code: '6', kind: 'grouped', rule: 'sh;enterprise;*', instance: 'sh-enterprise' });
    expect(BigInt(f.id!)).toBeLessThan(1n << 49n);
    expect(decodeMeetingId(f.id!, DEMO_LAYOUT)).toMatchObject({ code: 6, kind: 'grouped' });
    await expectCreatedOn(demo.direct('sh-enterprise'), f.id!);
  });

  it('falls back to *;*;* for an unknown identity, and says so', async () => {
    const f = await newId(demo.client(), 'guest');
    expect(f).toMatchObject({ code: '2', rule: '*;*;*', fellback: '1', instance: 'gz-enterprise' });
    await expectCreatedOn(demo.direct('gz-enterprise'), f.id!);
  });

  it('refuses a caller whose allow-list lacks SY.NEWID, and admits one that lists it', async () => {
    const reader = demo.client({ username: 'reader' });
    await expect(reader.call('SY.NEWID', 'personal')).rejects.toThrow(
      "NOPERM this caller 'reader' has no permissions to run the 'sy.newid' command",
    );
    const f = await newId(demo.client({ username: 'minter' }), 'personal');
    expect(f.code).toBe('1');
  });

  it('requires AUTH', async () => {
    const anonymous = new Redis({
      port: demo.proxy.port,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    anonymous.on('error', () => undefined);
    extraClients.push(anonymous);
    await expect(anonymous.call('SY.NEWID', 'personal')).rejects.toThrow(/^NOAUTH/);
  });

  it('answers bad arguments with the idgen error code', async () => {
    const client = demo.client();
    await expect(client.call('SY.NEWID')).rejects.toThrow("ERR wrong number of arguments for 'sy.newid' command");
    await expect(client.call('SY.NEWID', 'personal', 'SHINY')).rejects.toThrow(
      /^ERR SWITCHYARD NEWID_ARGS_INVALID SY\.NEWID: unknown option 'SHINY'/,
    );
    await expect(client.call('SY.NEWID', 'personal', 'REGION')).rejects.toThrow(
      /^ERR SWITCHYARD NEWID_ARGS_INVALID .*REGION is missing/,
    );
  });

  it('is refused inside MULTI (it has no key to route a transaction by)', async () => {
    await expect(demo.client().multi().call('SY.NEWID', 'personal').exec()).rejects.toThrow(
      "ERR SWITCHYARD 'sy.newid' needs at least one key to route",
    );
  });

  it('keeps pipelined replies in request order', async () => {
    const pipeline = demo.client().pipeline();
    const identities = ['personal', 'enterprise', 'guest', 'personal'];
    for (const identity of identities) pipeline.call('SY.NEWID', identity, 'REGION', 'sh');
    pipeline.ping();
    const results = (await pipeline.exec())!;
    const codes = results.slice(0, 4).map(([err, reply]) => (expect(err).toBeNull(), (reply as string[])[3]));
    expect(codes).toEqual(['5', '6', '2', '5']);
    expect(results[4]).toEqual([null, 'PONG']);
  });

  it('gives 8 concurrent clients 1,600 distinct IDs, each created once', async () => {
    const clients = Array.from({ length: 8 }, () => demo.client());
    const perClient = await Promise.all(
      clients.map(async (c, i) => {
        const pipeline = c.pipeline();
        for (let n = 0; n < 200; n++)
          pipeline.call('SY.NEWID', i % 2 === 0 ? 'personal' : 'enterprise', ...(n % 5 === 0 ? ['GROUPED'] : []));
        return ((await pipeline.exec()) ?? []).map(([err, reply]) => {
          expect(err).toBeNull();
          return (reply as string[])[1]!;
        });
      }),
    );
    const ids = perClient.flat();
    expect(ids).toHaveLength(1600);
    expect(new Set(ids).size).toBe(1600);
    const personal = perClient.filter((_, i) => i % 2 === 0).flat();
    expect(await demo.direct('gz-personal').exists(...personal)).toBe(personal.length);
  });
});

describe('SY.NEWID on other workers', () => {
  it('uses the worker region (sh) when no REGION is given', async () => {
    const sh = await extraProxy({ region: 'sh' });
    const f = await newId(sh, 'personal');
    expect(f).toMatchObject({ code: '5', rule: 'sh;personal;*', instance: 'sh-personal' });
    await expectCreatedOn(demo.direct('sh-personal'), f.id!);
  });

  it('creates on the mirror while gz is failed over to sh', async () => {
    const failover = structuredClone(demo.snapshot);
    failover.failover = [{ from: 'gz', to: 'sh', reason: 'test' }];
    const configFile = path.join(demo.dir, 'failover.json');
    await writeFile(configFile, JSON.stringify(failover));
    const gz = await extraProxy({ region: 'gz', configFile });
    const f = await newId(gz, 'personal');
    // Still encoded with gz's rule (code 1), but written where routeKey sends code 1 now.
    expect(f).toMatchObject({ code: '1', rule: 'gz;personal;*', instance: 'gz-personal-sh' });
    await expectCreatedOn(demo.direct('others'), f.id!);
    expect(await demo.direct('gz-personal').exists(f.id!)).toBe(0);
  });

  it("passes the backend's failure through when the target instance is down", async () => {
    const broken = structuredClone(demo.snapshot);
    const deadPort = await freePort();
    broken.instances = broken.instances.map((i) =>
      i.name === 'gz-personal' ? { ...i, addresses: [{ host: '127.0.0.1', port: deadPort }] } : i,
    );
    const configFile = path.join(demo.dir, 'broken.json');
    await writeFile(configFile, JSON.stringify(broken));
    const gz = await extraProxy({ region: 'gz', configFile });
    await expect(newId(gz, 'personal')).rejects.toThrow(/^ERR SWITCHYARD backend 'gz-personal' unavailable/);
    // Other codes still generate on the same worker.
    expect((await newId(gz, 'enterprise')).instance).toBe('gz-enterprise');
  });
});
