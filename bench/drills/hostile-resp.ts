/**
 * Drill: hostile RESP (bounded). One proxy process (static config, one real redis) receives
 * ≥ 1M frames of random, mutated and oversized RESP from a few connections (reconnecting when
 * the proxy drops them), slow-loris connections dripping a byte at a time, and thousands of
 * idle connections, while a legitimate client runs GET/SET. Expectations: the proxy still
 * answers PING at the end and the legitimate client saw no errors. Figures: frames sent, peak
 * RSS (VmHWM), legitimate p50/p99.
 * Run: node --import tsx bench/drills/hostile-resp.ts [--frames 1000000]
 */
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execSync } from 'node:child_process';
import { DEMO_INSTANCES, demoSnapshot } from '@switchyard/core';
import { hashSecret } from '@switchyard/proxy';
import { freePort, startRedis } from '@switchyard/stack/harness';
import { Expectations, percentile, report, ROOT, round, sleep } from './drill-lib.ts';
import { proxyClient, SECRET } from './drill-topology.ts';
import { hostileBatch, hostileTail } from './hostile-frames.ts';

const { values } = parseArgs({ options: { frames: { type: 'string', default: '1000000' }, idle: { type: 'string', default: '10000' } } });
const FRAMES = Math.min(Math.max(Number(values.frames), 10_000), 5_000_000);
const HOSTILE_CONNECTIONS = 4;
const SLOW_LORIS = 50;
const HOSTILE_TIME_MS = 40_000;
const fdLimit = Number(execSync('sh -c "ulimit -n"').toString().trim());
const IDLE = Math.max(0, Math.min(Number(values.idle), fdLimit - 500));

const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-hostile-'));
const redis = await startRedis();
const configFile = path.join(tmp, 'config.json');
await writeFile(configFile, JSON.stringify(demoSnapshot({ host: '127.0.0.1', ports: Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redis.port])) }, await hashSecret(SECRET))));
const port = await freePort();
const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'apps/proxy/src/main.ts')], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', openSync(path.join(os.tmpdir(), 'sy-drill-hostile-proxy.log'), 'w')],
  env: { ...process.env, PROXY_PORT: String(port), CONFIG_FILE: configFile, SWITCHYARD_WORKER_NAME: 'hostile', PROXY_REQUEST_TIMEOUT_MS: '5000', SHUTDOWN_GRACE_MS: '1000' },
});
let exited: string | null = null;
child.once('exit', (code, signal) => (exited = `exit ${code} ${signal ?? ''}`));
await new Promise<void>((resolve, reject) => {
  child.once('exit', () => reject(new Error('proxy exited before ready')));
  child.stdout!.on('data', (c: Buffer) => (c.toString().includes('"event":"ready"') ? resolve() : undefined));
});

async function memory(): Promise<{ rssKb: number; hwmKb: number }> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

const connect = (): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });

const hostile = { framesWritten: 0, framesConfirmed: 0, batches: 0, unconfirmedBatches: 0, hostileTails: 0, closedByProxy: 0, connectErrors: 0 };
let hostileDone = false;
// Pre-generated so the drill process spends its CPU sending, not building frames.
const BODIES = Array.from({ length: 64 }, (_, i) => hostileBatch(Math.imul(i + 1, 2246822519), 1000, SECRET));
const TAILS = Array.from({ length: 97 }, (_, i) => hostileTail(Math.imul(i + 7, 2654435761)));
let marker = 0;

/** Writes one body, then an inline PING marker; resolves true once the marker's reply arrives. */
function sendConfirmed(socket: net.Socket, bytes: Buffer, waitMs: number): Promise<boolean> {
  const tag = `mk${++marker}z`;
  return new Promise((resolve) => {
    let tailBuf = '';
    const onData = (d: Buffer): void => {
      tailBuf = (tailBuf + d.toString('latin1')).slice(-64);
      if (tailBuf.includes(tag)) finish(true);
    };
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(ok);
    };
    const onClose = (): void => finish(false);
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.write(Buffer.concat([bytes, Buffer.from(`PING ${tag}\r\n`)]));
  });
}

async function hostileLane(seed: number): Promise<void> {
  const deadline = performance.now() + HOSTILE_TIME_MS;
  for (let b = 0; hostile.framesConfirmed < FRAMES && performance.now() < deadline; b++) {
    const socket = await connect().catch(() => null);
    if (!socket) {
      hostile.connectErrors++;
      await sleep(20);
      continue;
    }
    socket.on('error', () => undefined);
    let closedByProxy = false;
    socket.once('close', () => (closedByProxy = true));
    // Batches on this connection until a hostile tail gets it dropped (or 50 batches pass).
    for (let k = 0; k < 50 && !socket.destroyed && hostile.framesConfirmed < FRAMES && performance.now() < deadline; k++) {
      const n = seed * 7919 + b * 131 + k;
      const body = BODIES[n % BODIES.length]!;
      hostile.batches++;
      hostile.framesWritten += body.frames + 1;
      if (await sendConfirmed(socket, body.bytes, 5000)) hostile.framesConfirmed += body.frames + 1;
      else hostile.unconfirmedBatches++;
      const tail = TAILS[n % TAILS.length];
      if (tail && !socket.destroyed) {
        hostile.hostileTails++;
        hostile.framesWritten++;
        socket.write(tail);
        await sleep(50);
        break;
      }
    }
    await sleep(20);
    if (closedByProxy) hostile.closedByProxy++;
    socket.destroy();
  }
}

const loris = { opened: 0, closedByProxy: 0, bytes: 0 };
async function slowLoris(): Promise<net.Socket | null> {
  const socket = await connect().catch(() => null);
  if (!socket) return null;
  loris.opened++;
  socket.on('error', () => undefined);
  socket.resume(); // read, so the proxy's FIN is seen
  socket.once('close', () => (hostileDone ? undefined : loris.closedByProxy++));
  const payload = Buffer.from('*3\r\n$3\r\nSET\r\n$10\r\nloris_key1\r\n$100000\r\n' + 'x'.repeat(200));
  void (async () => {
    for (let i = 0; i < payload.length && !socket.destroyed && !hostileDone; i++) {
      socket.write(payload.subarray(i, i + 1));
      loris.bytes++;
      await sleep(300);
    }
  })();
  return socket;
}

const legit = { ok: 0, errors: 0, ms: [] as number[], samples: new Set<string>() };
async function legitLoop(): Promise<void> {
  const client = proxyClient(port);
  for (let i = 0; !hostileDone && i < 1_000_000; i++) {
    const started = performance.now();
    try {
      if (i % 2 === 0) await client.set(`stable_${i % 1000}`, `v${i}`);
      else await client.get(`stable_${i % 1000}`);
      legit.ok++;
      legit.ms.push(performance.now() - started);
    } catch (err) {
      legit.errors++;
      if (legit.samples.size < 5) legit.samples.add((err as Error).message);
    }
    await sleep(2);
  }
  client.disconnect();
}

const expectations = new Expectations();
const idle: net.Socket[] = [];
const lorisSockets: net.Socket[] = [];
let idleFailed = 0;
try {
  const baseline = await memory();
  for (let i = 0; i < IDLE; i += 250) {
    const batch = await Promise.allSettled(Array.from({ length: Math.min(250, IDLE - i) }, connect));
    for (const r of batch) r.status === 'fulfilled' ? (r.value.on('error', () => undefined), r.value.resume(), idle.push(r.value)) : idleFailed++;
  }
  for (let i = 0; i < SLOW_LORIS; i++) {
    const s = await slowLoris();
    if (s) lorisSockets.push(s);
  }
  const lorisOpenedAt = performance.now();
  const legitRun = legitLoop();
  const started = performance.now();
  let peakRssKb = 0;
  const sampler = setInterval(() => void memory().then((m) => (peakRssKb = Math.max(peakRssKb, m.rssKb))), 250);
  await Promise.all(Array.from({ length: HOSTILE_CONNECTIONS }, (_, i) => hostileLane(i + 1)));
  const hostileMs = performance.now() - started;
  // Give the slow-loris connections at least the request timeout plus two sweeps.
  while (performance.now() - lorisOpenedAt < 8000) await sleep(100);
  hostileDone = true;
  clearInterval(sampler);
  await legitRun;
  const idleStillOpen = idle.filter((s) => !s.destroyed).length;
  const ping = proxyClient(port);
  const pong = await ping.ping().catch((e: Error) => e.message);
  ping.disconnect();
  const end = await memory();
  expectations.check(exited === null, `proxy process died: ${exited}`);
  expectations.check(pong === 'PONG', `proxy did not answer PING at the end: ${pong}`);
  expectations.check(loris.closedByProxy === loris.opened, `${loris.opened - loris.closedByProxy} slow-loris connections outlived the request timeout`);
  expectations.check(legit.errors === 0, `legitimate client saw ${legit.errors} errors: ${[...legit.samples].join(' | ')}`);
  expectations.check(hostile.framesConfirmed >= FRAMES || hostileMs >= HOSTILE_TIME_MS, `only ${hostile.framesConfirmed} frames confirmed`);
  const figures = {
    fdLimit,
    idleConnections: { target: IDLE, opened: idle.length, failed: idleFailed, stillOpenAtEnd: idleStillOpen },
    slowLoris: { opened: loris.opened, closedByProxy: loris.closedByProxy, stillOpenAtEnd: lorisSockets.filter((x) => !x.destroyed).length, bytesDripped: loris.bytes, requestTimeoutMs: 5000 },
    hostile: { ...hostile, connections: HOSTILE_CONNECTIONS, ms: round(hostileMs, 0), framesPerSecond: round(hostile.framesConfirmed / (hostileMs / 1000), 0) },
    legit: { ok: legit.ok, errors: legit.errors, p50Ms: round(percentile(legit.ms, 50), 3), p99Ms: round(percentile(legit.ms, 99), 3), maxMs: round(percentile(legit.ms, 100), 1) },
    memoryKb: { baselineRss: baseline.rssKb, peakRssSampled: peakRssKb, vmHwm: end.hwmKb, endRss: end.rssKb },
    pingAtEnd: pong,
  };
  await report('hostile-resp', figures, [
    `hostile frames            ${hostile.framesConfirmed} answered (${hostile.framesWritten} written) in ${figures.hostile.ms} ms; ${hostile.hostileTails} mutated/oversized tails, ${hostile.closedByProxy} connections dropped by the proxy, ${hostile.unconfirmedBatches} batches unanswered`,
    `idle connections          ${idle.length} opened (fd limit ${fdLimit}), ${idleStillOpen} still open at the end`,
    `slow-loris                ${loris.opened} opened, ${loris.closedByProxy} closed by the proxy`,
    `legitimate client         ${legit.ok} ok, ${legit.errors} errors, p50 ${figures.legit.p50Ms} ms, p99 ${figures.legit.p99Ms} ms`,
    `proxy memory              baseline ${(baseline.rssKb / 1024).toFixed(0)} MiB, VmHWM ${(end.hwmKb / 1024).toFixed(0)} MiB, end ${(end.rssKb / 1024).toFixed(0)} MiB`,
    `PING at the end           ${pong}`,
  ], expectations);
} finally {
  hostileDone = true;
  for (const s of [...idle, ...lorisSockets]) s.destroy();
  child.kill('SIGTERM');
  await redis.stop();
  await rm(tmp, { recursive: true, force: true });
}
