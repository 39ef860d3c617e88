/**
 * Drill: issue 14 caps and transaction admission (bounded), the "no bypass" half of the
 * hostile-RESP drill. One proxy process (static config, one real redis, default caps except a
 * short unauthenticated timeout) while a legitimate client runs GET/SET:
 * MULTI under a 100% caller drop, SRANDMEMBER -100000000, SETRANGE 536870911, an MGET of 500k
 * keys, a 40 MB reply, two clients that never read their replies, 2,000 idle unauthenticated
 * sockets and 500 WATCHes. Figures: refusals per case, backend crashes (run_id), attack keys
 * written, the worker's peak RSS in the fan-out and slow-reader cases, the legitimate p99.
 * Run: node --import tsx bench/drills/hostile-limits.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { command } from '../../apps/proxy/src/resp/encode.ts';
import { Expectations, isMain, percentile, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';
import { connectTcp, proxyClient, SECRET, startStaticProxy, type StaticProxy } from './drill-topology.ts';

const UNAUTH_MS = 2000;
const BREAKER_OR_TIMEOUT = /circuit open|timed out/;
const WATCH_CAP = 256;
/** Attack keys: routable (the demo's `stable_<mid>` key type), apart from the legitimate client's 0..999. */
const atk = (n: number): string => `stable_${990_000_000 + n}`;
const AUTH = (caller: string): Buffer => command(['AUTH', caller, SECRET]);

interface Legit {
  ok: number;
  errors: number;
  /** Errors other than the breaker opening or a backend timeout. */
  unexpected: number;
  ms: number[];
  samples: string[];
  /** The attack case running, for error samples. */
  phase: string;
}

interface Ctx {
  proxy: StaticProxy;
  port: number;
  redis: Redis;
  sockets: Set<net.Socket>;
}

async function open(c: Ctx): Promise<net.Socket> {
  const s = await connectTcp(c.port);
  s.on('error', () => undefined);
  c.sockets.add(s);
  s.once('close', () => c.sockets.delete(s));
  return s;
}

const errorOf = (p: Promise<unknown>): Promise<string | null> =>
  p.then(
    () => null,
    (e: Error) => e.message,
  );

/** Peak RSS (KiB) of the proxy while `run` runs, sampled every 50 ms. */
async function peakRss<T>(c: Ctx, run: () => Promise<T>): Promise<{ result: T; peakKb: number }> {
  let peakKb = (await c.proxy.memory()).rssKb;
  const timer = setInterval(() => void c.proxy.memory().then((m) => (peakKb = Math.max(peakKb, m.rssKb))), 50);
  try {
    const result = await run();
    return { result, peakKb: Math.max(peakKb, (await c.proxy.memory()).rssKb) };
  } finally {
    clearInterval(timer);
  }
}

async function transactions(c: Ctx): Promise<{ sent: number; refused: number }> {
  const client = proxyClient(c.port);
  await client.call('AUTH', 'dropped', SECRET).catch(() => undefined);
  let refused = 0;
  for (let i = 0; i < 20; i++)
    if (
      await errorOf(
        client
          .multi()
          .set(atk(100 + i), 'x')
          .exec(),
      )
    )
      refused++;
  client.disconnect();
  return { sent: 20, refused };
}

async function smallRequests(c: Ctx) {
  const client = proxyClient(c.port);
  await client.call('AUTH', 'mallory', SECRET);
  await c.redis.sadd(atk(1), 'a', 'b', 'c');
  const one = async (p: Promise<unknown>): Promise<{ sent: number; refused: number }> => ({
    sent: 1,
    refused: (await errorOf(p)) === null ? 0 : 1,
  });
  const out = {
    srandmember: await one(client.srandmember(atk(1), -100_000_000)),
    setrange: await one(client.setrange(atk(2), 536870911, 'x')),
    setbit: await one(client.setbit(atk(3), 4294967295, 1)),
    copyDb: await one(client.call('COPY', atk(1), atk(4), 'DB', '7')),
  };
  client.disconnect();
  return out;
}

async function fanOut(c: Ctx): Promise<{ sent: number; refused: number; peakRssKb: number }> {
  const client = proxyClient(c.port);
  await client.call('AUTH', 'mallory', SECRET);
  const keys = Array.from({ length: 500_000 }, (_, i) => atk(1000 + i));
  const { result, peakKb } = await peakRss(c, () => errorOf(client.mget(keys)));
  client.disconnect();
  return { sent: 1, refused: result === null ? 0 : 1, peakRssKb: peakKb };
}

async function hugeReply(c: Ctx): Promise<{ sent: number; refused: number; peakRssKb: number }> {
  await c.redis.set(atk(5), Buffer.alloc(40 * 1024 * 1024, 'b'));
  const client = proxyClient(c.port);
  await client.call('AUTH', 'mallory', SECRET);
  const { result, peakKb } = await peakRss(c, () =>
    Promise.all(Array.from({ length: 3 }, () => errorOf(client.get(atk(5))))),
  );
  client.disconnect();
  return { sent: 3, refused: result.filter((e) => e !== null).length, peakRssKb: peakKb };
}

/** Two clients pipeline 150 GETs of a 1 MiB value each (the issue saw ~132 MB held per client) and never read. */
async function slowReaders(c: Ctx): Promise<{ clients: number; disconnected: number; peakRssKb: number }> {
  await c.redis.set(atk(6), Buffer.alloc(1024 * 1024, 'm'));
  const { result, peakKb } = await peakRss(c, async () => {
    const sockets = await Promise.all([open(c), open(c)]);
    const closed = sockets.map((s) => new Promise<boolean>((r) => s.once('close', () => r(true))));
    const gets = Buffer.concat(Array.from({ length: 150 }, () => command(['GET', atk(6)])));
    for (const s of sockets) {
      s.pause();
      s.write(Buffer.concat([AUTH('mallory'), gets]));
    }
    await sleep(3000);
    // Now read: a disconnected socket drains what the kernel held and sees the close.
    for (const s of sockets) s.resume();
    return Promise.all(closed.map((p) => Promise.race([p, sleep(5000).then(() => false)])));
  });
  return { clients: 2, disconnected: result.filter(Boolean).length, peakRssKb: peakKb };
}

async function idleUnauthenticated(c: Ctx): Promise<{ opened: number; closedByProxy: number }> {
  const sockets: net.Socket[] = [];
  for (let i = 0; i < 2000; i += 250) sockets.push(...(await Promise.all(Array.from({ length: 250 }, () => open(c)))));
  const closed = sockets.map((s) => (s.resume(), new Promise<boolean>((r) => s.once('close', () => r(true)))));
  const outcome = await Promise.all(closed.map((p) => Promise.race([p, sleep(UNAUTH_MS + 4000).then(() => false)])));
  return { opened: sockets.length, closedByProxy: outcome.filter(Boolean).length };
}

async function watches(c: Ctx): Promise<{ sent: number; refused: number; backendClientsAdded: number }> {
  const clientsNow = async (): Promise<number> =>
    Number(/connected_clients:(\d+)/.exec(await c.redis.info('clients'))?.[1] ?? 0);
  const before = await clientsNow();
  const sockets = await Promise.all(Array.from({ length: 500 }, () => open(c)));
  const replies = await Promise.all(
    sockets.map(
      (s) =>
        new Promise<string>((resolve) => {
          let text = '';
          s.on('data', (d) => {
            text += d.toString();
            if (text.split('\r\n').length > 2) resolve(text);
          });
          s.write(Buffer.concat([AUTH('mallory'), command(['WATCH', atk(7)])]));
        }),
    ),
  );
  const added = (await clientsNow()) - before;
  for (const s of sockets) s.destroy();
  return { sent: 500, refused: replies.filter((r) => r.includes('too many WATCH')).length, backendClientsAdded: added };
}

async function legitLoop(port: number, stop: { done: boolean }, out: Legit): Promise<void> {
  const client = proxyClient(port);
  for (let i = 0; !stop.done; i++) {
    const t0 = performance.now();
    try {
      if (i % 2 === 0) await client.set(`stable_${i % 1000}`, `v${i}`);
      else await client.get(`stable_${i % 1000}`);
      out.ok++;
      out.ms.push(performance.now() - t0);
    } catch (err) {
      out.errors++;
      if (!BREAKER_OR_TIMEOUT.test((err as Error).message)) out.unexpected++;
      if (out.samples.length < 5) out.samples.push(`${(err as Error).message} (during ${out.phase})`);
    }
    await sleep(2);
  }
  client.disconnect();
}

export async function runHostileLimits(): Promise<DrillResult & { figures: Record<string, unknown> }> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-limits-'));
  let server: RedisProcess | undefined;
  let proxy: StaticProxy | undefined;
  const c = { sockets: new Set<net.Socket>() } as Ctx;
  const stop = { done: false };
  const legit: Legit = { ok: 0, errors: 0, unexpected: 0, ms: [], samples: [], phase: 'start' };
  let legitRun: Promise<void> = Promise.resolve();
  try {
    server = await startRedis();
    c.redis = new Redis({ port: server.port, lazyConnect: false });
    proxy = await startStaticProxy({
      dir: tmp,
      name: 'limits',
      redisPort: server.port,
      port: await freePort(),
      env: {
        PROXY_UNAUTH_TIMEOUT_MS: String(UNAUTH_MS),
        PROXY_MAX_WATCH_CONNECTIONS: String(WATCH_CAP),
        SHUTDOWN_GRACE_MS: '1000',
      },
      edit: (s) => {
        const hash = s.callers[0]!.secretHash;
        s.callers.push(
          { name: 'mallory', secretHash: hash, commands: ['*'], keyTypes: ['*'] },
          { name: 'dropped', secretHash: hash, commands: ['*'], keyTypes: ['*'] },
        );
        s.degradation = { callers: [{ caller: 'dropped', ratio: 1 }], keys: [] };
      },
    });
    c.proxy = proxy;
    c.port = proxy.port;
    const runId = /run_id:(\w+)/.exec(await c.redis.info('server'))?.[1];
    const baselineKb = (await proxy.memory()).rssKb;
    legitRun = legitLoop(proxy.port, stop, legit);
    const phase = <T>(name: string, run: (c: Ctx) => Promise<T>): Promise<T> => ((legit.phase = name), run(c));
    const cases = {
      multiUnderDrop: await phase('multi', transactions),
      ...(await phase('small requests', smallRequests)),
      mget500k: await phase('mget', fanOut),
      reply40MB: await phase('40 MB reply', hugeReply),
      slowReaders: await phase('slow readers', slowReaders),
      idleUnauthenticated: await phase('idle', idleUnauthenticated),
      watch500: await phase('watch', watches),
    };
    stop.done = true;
    await legitRun;
    const backendRunId = /run_id:(\w+)/.exec(await c.redis.info('server'))?.[1];
    const attackKeysWritten = await c.redis.exists(
      atk(2),
      atk(3),
      atk(4),
      ...Array.from({ length: 20 }, (_, i) => atk(100 + i)),
    );
    return summarize({
      cases,
      backendCrashes: runId === backendRunId ? 0 : 1,
      attackKeysWritten,
      scard: await c.redis.scard(atk(1)),
      baselineKb,
      legit,
      exited: proxy.exited(),
    });
  } finally {
    stop.done = true;
    await legitRun;
    for (const s of c.sockets) s.destroy();
    c.redis?.disconnect();
    await proxy?.stop();
    await server?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

type Refusals = { sent: number; refused: number };

interface Outcome {
  cases: {
    multiUnderDrop: Refusals;
    srandmember: Refusals;
    setrange: Refusals;
    setbit: Refusals;
    copyDb: Refusals;
    mget500k: Refusals & { peakRssKb: number };
    reply40MB: Refusals & { peakRssKb: number };
    slowReaders: { disconnected: number; peakRssKb: number };
    idleUnauthenticated: { opened: number; closedByProxy: number };
    watch500: Refusals & { backendClientsAdded: number };
  };
  backendCrashes: number;
  attackKeysWritten: number;
  scard: number;
  baselineKb: number;
  legit: Legit;
  exited: string | null;
}

function summarize(o: Outcome): DrillResult & { figures: Record<string, unknown> } {
  const k = o.cases;
  const e = new Expectations();
  e.check(o.exited === null, `proxy died: ${o.exited}`);
  e.check(o.backendCrashes === 0, 'the backend restarted (run_id changed)');
  e.check(
    o.attackKeysWritten === 0 && o.scard === 3,
    `attack changed state: ${o.attackKeysWritten} keys written, set has ${o.scard} members`,
  );
  e.check(k.multiUnderDrop.refused === 20, `MULTI under a 100% drop: ${k.multiUnderDrop.refused} of 20 refused`);
  e.check(
    k.srandmember.refused + k.setrange.refused + k.setbit.refused + k.copyDb.refused + k.mget500k.refused === 5,
    'a count/offset/COPY/fan-out request was not refused',
  );
  e.check(k.reply40MB.refused === 3, `40 MB reply: ${k.reply40MB.refused} of 3 cut`);
  e.check(k.slowReaders.disconnected === 2, `slow readers: ${k.slowReaders.disconnected} of 2 disconnected`);
  e.check(
    k.idleUnauthenticated.closedByProxy === k.idleUnauthenticated.opened,
    `idle unauthenticated: ${k.idleUnauthenticated.closedByProxy} of ${k.idleUnauthenticated.opened} closed`,
  );
  e.check(
    k.watch500.refused === 500 - WATCH_CAP && k.watch500.backendClientsAdded <= WATCH_CAP,
    `WATCH: ${k.watch500.refused} refused, ${k.watch500.backendClientsAdded} backend clients added`,
  );
  e.check(o.legit.ok > 0, 'legitimate client made no progress');
  // The 40 MB and slow-reader cases share the backend connection with the legitimate client:
  // on a loaded box its calls can be slow enough to open the instance's breaker for a moment
  // (BREAKER_SLOW_MS). That is the breaker working; any other error is a failure.
  e.check(o.legit.unexpected === 0, `legitimate client saw ${o.legit.errors} errors: ${o.legit.samples.join(' | ')}`);
  const figures = {
    cases: k,
    backendCrashes: o.backendCrashes,
    attackKeysWritten: o.attackKeysWritten,
    proxyRssKb: {
      baseline: o.baselineKb,
      peakFanOut: k.mget500k.peakRssKb,
      peakReply40MB: k.reply40MB.peakRssKb,
      peakSlowReaders: k.slowReaders.peakRssKb,
    },
    legit: {
      ok: o.legit.ok,
      errors: o.legit.errors,
      unexpectedErrors: o.legit.unexpected,
      errorSamples: o.legit.samples,
      p50Ms: round(percentile(o.legit.ms, 50), 3),
      p99Ms: round(percentile(o.legit.ms, 99), 3),
    },
  };
  const mib = (kb: number): string => (kb / 1024).toFixed(0);
  const table = [
    `MULTI;SET;EXEC, 100% drop  ${k.multiUnderDrop.refused}/20 refused`,
    `count / offset / COPY DB   SRANDMEMBER ${k.srandmember.refused}/1, SETRANGE ${k.setrange.refused}/1, SETBIT ${k.setbit.refused}/1, COPY DB 7 ${k.copyDb.refused}/1`,
    `MGET 500k keys             ${k.mget500k.refused}/1 refused, peak RSS ${mib(k.mget500k.peakRssKb)} MiB (baseline ${mib(o.baselineKb)} MiB)`,
    `40 MB reply                ${k.reply40MB.refused}/3 cut, peak RSS ${mib(k.reply40MB.peakRssKb)} MiB`,
    `2 clients never reading    ${k.slowReaders.disconnected}/2 disconnected, peak RSS ${mib(k.slowReaders.peakRssKb)} MiB`,
    `2,000 idle unauthenticated ${k.idleUnauthenticated.closedByProxy}/${k.idleUnauthenticated.opened} closed`,
    `500 WATCHes                ${k.watch500.refused} refused, ${k.watch500.backendClientsAdded} backend clients added`,
    `backend                    ${o.backendCrashes} crashes, ${o.attackKeysWritten} attack keys written`,
    `legitimate client          ${o.legit.ok} ok, ${o.legit.errors} errors, p50 ${figures.legit.p50Ms} ms, p99 ${figures.legit.p99Ms} ms`,
  ];
  return { figures, table, failed: e.failed };
}

if (isMain(import.meta.url)) await runAsCli('hostile-limits', runHostileLimits);
