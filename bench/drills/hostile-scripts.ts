/**
 * Drill: hostile scripts and RESTORE (issue 14), the script/RESTORE part of the hostile-RESP
 * drill. One redis-server (every demo instance on it, running the managed data user, sanitized
 * RESTORE, a 100 ms busy threshold) behind one proxy process (300 ms script budget). Each case
 * is what an attacker with a caller's credentials tried; while they run, a legitimate client
 * keeps writing the same values. Expectations: every case refused, 0 backend crashes, 0 state
 * changes (a digest of every key's DUMP unchanged), the legitimate client saw no errors.
 * Figures: refusals per case, backend pid before/after, legitimate p50/p99.
 * Run: node --import tsx bench/drills/hostile-scripts.ts [--rounds 20]
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_INSTANCES, demoSnapshot, type TConfigSnapshotInput } from '@switchyard/core';
import { hashSecret } from '@switchyard/proxy';
import { corruptListpackDump, startRedis, type RedisProcess } from '@switchyard/stack/harness';
import { Redis } from 'ioredis';
import { startProxyProcess, stopProcess } from '../lib/proxy-process.ts';
import { Expectations, intFlag, isMain, percentile, round, runAsCli, sleep, type DrillResult } from './drill-lib.ts';

const SECRET = 'drill-secret';
/** A normal meeting ID with storage code 2 (demo layout X=4): a valid `stable_` key. */
const STABLE_MID = ((1n << 60n) | (2n << 31n) | 4242n).toString();
const DATA_USER = { username: 'switchyard-proxy', password: 'drill-data-user' };
/** Whole-instance commands tried from inside a script; the backend's ACL must refuse each. */
const INSIDE = [
  'FLUSHALL',
  'FLUSHDB',
  "KEYS', '*",
  "SWAPDB', '0', '9",
  'INFO',
  "CONFIG', 'SET', 'sanitize-dump-payload', 'no",
  "MIGRATE', '127.0.0.1', '1', 'key:1', '0', '100",
  "DEBUG', 'SLEEP', '1",
  "SCRIPT', 'FLUSH",
  "FUNCTION', 'FLUSH",
  "SELECT', '1",
  "SHUTDOWN', 'NOSAVE",
  "REPLICAOF', '127.0.0.1', '1",
  "ACL', 'SETUSER', 'x', 'on",
  "SCAN', '0",
  'RANDOMKEY',
];

interface Case {
  name: string;
  as: 'demo' | 'plain' | 'stable-only' | 'restorer';
  argv: (ctx: { corrupt: Buffer }) => (string | Buffer)[];
  /** The refusal the case must get. */
  refused: RegExp;
}

const CASES: Case[] = [
  ...INSIDE.map((c): Case => ({
    name: `EVAL ${c.split("'")[0]}`,
    as: 'demo',
    argv: () => ['EVAL', `return redis.call('${c}')`, '1', 'key:1'],
    refused: /can't run this command|not allowed from script|NOPERM/,
  })),
  {
    name: 'EVAL FLUSHALL with no declared key',
    as: 'demo',
    argv: () => ['EVAL', "return redis.call('FLUSHALL')", '0'],
    refused: /needs at least one key to route/,
  },
  {
    name: 'EVAL without a grant',
    as: 'plain',
    argv: () => ['EVAL', "return redis.call('FLUSHALL')", '1', 'key:1'],
    refused: /^NOPERM/,
  },
  {
    name: 'EVAL_RO without a grant',
    as: 'plain',
    argv: () => ['EVAL_RO', "return redis.call('KEYS','*')", '1', 'key:1'],
    refused: /^NOPERM/,
  },
  { name: 'FCALL without a grant', as: 'demo', argv: () => ['FCALL', 'f', '1', 'key:1'], refused: /^NOPERM/ },
  {
    name: 'FUNCTION LOAD',
    as: 'demo',
    argv: () => [
      'FUNCTION',
      'LOAD',
      "#!lua name=x\nredis.register_function('f', function() return redis.call('FLUSHALL') end)",
    ],
    refused: /disabled by the proxy/,
  },
  { name: 'SCRIPT FLUSH', as: 'demo', argv: () => ['SCRIPT', 'FLUSH'], refused: /disabled by the proxy/ },
  { name: 'SCRIPT KILL', as: 'demo', argv: () => ['SCRIPT', 'KILL'], refused: /disabled by the proxy/ },
  {
    name: 'EVAL declaring a key outside the key types',
    as: 'stable-only',
    argv: () => ['EVAL', "return redis.call('DEL', KEYS[1])", '1', 'key:1'],
    refused: /^NOPERM .*keys of type/,
  },
  {
    name: 'EVAL reading an undeclared key of another type',
    as: 'stable-only',
    argv: () => ['EVAL', "return redis.call('GET', 'key:1')", '1', `stable_${STABLE_MID}`],
    refused: /can't access at least one of the keys|No permissions to access a key/,
  },
  {
    name: 'EVAL writing an undeclared key of another type',
    as: 'stable-only',
    argv: () => ['EVAL', "return redis.call('SET', 'key:1', 'x')", '1', `stable_${STABLE_MID}`],
    refused: /can't access at least one of the keys|No permissions to access a key/,
  },
  {
    name: 'EVAL running a command never granted (DEL)',
    as: 'stable-only',
    argv: () => ['EVAL', "return redis.call('DEL', KEYS[1])", '1', `stable_${STABLE_MID}`],
    refused: /can't run this command/,
  },
  {
    name: 'RESTORE without a grant',
    as: 'plain',
    argv: ({ corrupt }) => ['RESTORE', 'key:evil', '0', corrupt],
    refused: /^NOPERM/,
  },
  {
    name: 'RESTORE corrupted listpack, valid CRC',
    as: 'restorer',
    argv: ({ corrupt }) => ['RESTORE', 'key:evil', '0', corrupt],
    refused: /Bad data format/,
  },
  {
    name: 'EVAL while true do end (killed)',
    as: 'demo',
    argv: () => ['EVAL', 'while true do end', '1', 'key:1'],
    refused: /killed by user|SCRIPT KILL/,
  },
];

async function snapshotWith(redisPort: number): Promise<TConfigSnapshotInput> {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, redisPort]));
  const snapshot = demoSnapshot({ host: '127.0.0.1', ports, dataUser: DATA_USER }, await hashSecret(SECRET));
  const hash = snapshot.callers[0]!.secretHash;
  snapshot.callers.push(
    { name: 'plain', secretHash: hash, commands: ['*'], keyTypes: ['*'] },
    { name: 'stable-only', secretHash: hash, commands: ['GET', 'SET', 'EVAL'], keyTypes: ['stable'] },
    { name: 'restorer', secretHash: hash, commands: ['GET', 'RESTORE'], keyTypes: ['*'] },
  );
  return snapshot;
}

export interface HostileScriptsFigures extends Record<string, unknown> {
  cases: { name: string; attempts: number; refused: number; other: string[] }[];
  backend: { pidBefore: number | undefined; pidAfter: number | undefined; pingAtEnd: string; crashes: number };
  state: { digestBefore: string; digestAfter: string; keysBefore: number; keysAfter: number };
  legit: { ok: number; errors: number; p50Ms: number | null; p99Ms: number | null };
}

/** SHA-256 over every key's name, DUMP and TTL (the drill's dataset is a few dozen keys; DEBUG DIGEST is disabled). */
async function datasetDigest(admin: Redis): Promise<string> {
  const hash = createHash('sha256');
  for (const key of (await admin.keys('*')).sort())
    hash
      .update(key)
      .update((await admin.dumpBuffer(key)) ?? '')
      .update(String(await admin.pttl(key)));
  return hash.digest('hex');
}

/** Keeps overwriting pre-created keys with the values they already hold, so the digest must not move. */
async function legitLoop(
  port: number,
  stop: { done: boolean },
  out: { ok: number; errors: number; ms: number[] },
): Promise<void> {
  const client = new Redis({ port, username: 'demo', password: SECRET, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    for (let i = 0; !stop.done; i++) {
      const t0 = performance.now();
      // Behind a runaway script (same backend connection) this waits up to the script budget.
      const ok = await client.set(`key:legit:${i % 20}`, 'same').then(
        () => true,
        () => false,
      );
      if (ok) out.ok++;
      else out.errors++;
      out.ms.push(performance.now() - t0);
      await sleep(2);
    }
  } finally {
    client.disconnect();
  }
}

export async function runHostileScripts(
  options: { rounds?: number } = {},
): Promise<DrillResult & { figures: HostileScriptsFigures }> {
  const rounds = options.rounds ?? 3;
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'sy-drill-scripts-'));
  let redis: RedisProcess | undefined;
  let proxy: Awaited<ReturnType<typeof startProxyProcess>> | undefined;
  const clients: Redis[] = [];
  try {
    redis = await startRedis({ dataUser: DATA_USER, args: ['--busy-reply-threshold', '100'] });
    proxy = await startProxyProcess({
      dir: tmp,
      name: 'scripts',
      snapshot: await snapshotWith(redis.port),
      env: { PROXY_SCRIPT_BUDGET_MS: '300', SHUTDOWN_GRACE_MS: '1000' },
    });
    const admin = new Redis({ port: redis.port });
    clients.push(admin);
    for (let i = 0; i < 20; i++) await admin.set(`key:legit:${i}`, 'same');
    await admin.set('key:1', 'sentinel');
    await admin.hset('key:h', 'a', '1', 'b', '2');
    const corrupt = corruptListpackDump((await admin.dumpBuffer('key:h'))!);
    const state = async () => ({ digest: await datasetDigest(admin), keys: await admin.dbsize() });
    const before = await state();
    const pidBefore = redis.pid();
    const stop = { done: false };
    const legit = { ok: 0, errors: 0, ms: [] as number[] };
    const legitRun = legitLoop(proxy.port, stop, legit);
    const callers = new Map<Case['as'], Redis>();
    for (const as of ['demo', 'plain', 'stable-only', 'restorer'] as const) {
      const c = new Redis({ port: proxy.port, username: as, password: SECRET, maxRetriesPerRequest: 0 });
      clients.push(c);
      callers.set(as, c);
    }
    const cases = CASES.map((c) => ({ name: c.name, attempts: 0, refused: 0, other: [] as string[] }));
    for (let r = 0; r < rounds; r++) {
      for (const [i, c] of CASES.entries()) {
        const [cmd, ...args] = c.argv({ corrupt });
        const reply = await callers
          .get(c.as)!
          .callBuffer(String(cmd), ...args)
          .then(
            (v: unknown) => `ok: ${String(v)}`,
            (e: Error) => e.message,
          );
        cases[i]!.attempts++;
        if (c.refused.test(reply)) cases[i]!.refused++;
        else if (cases[i]!.other.length < 3) cases[i]!.other.push(reply.slice(0, 160));
      }
    }
    stop.done = true;
    await legitRun;
    const pingAtEnd = await admin.ping().catch((e: Error) => e.message);
    const after = await state();
    const pidAfter = redis.pid();
    const figures: HostileScriptsFigures = {
      cases,
      backend: { pidBefore, pidAfter, pingAtEnd, crashes: pidBefore === pidAfter && pingAtEnd === 'PONG' ? 0 : 1 },
      state: { digestBefore: before.digest, digestAfter: after.digest, keysBefore: before.keys, keysAfter: after.keys },
      legit: {
        ok: legit.ok,
        errors: legit.errors,
        p50Ms: round(percentile(legit.ms, 50), 3),
        p99Ms: round(percentile(legit.ms, 99), 3),
      },
    };
    return summarize(figures);
  } finally {
    for (const c of clients) c.disconnect();
    if (proxy) await stopProcess(proxy.child);
    await redis?.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

function summarize(figures: HostileScriptsFigures): DrillResult & { figures: HostileScriptsFigures } {
  const e = new Expectations();
  for (const c of figures.cases)
    e.check(
      c.refused === c.attempts,
      `${c.name}: ${c.attempts - c.refused} of ${c.attempts} not refused (${c.other.join(' | ')})`,
    );
  e.check(
    figures.backend.crashes === 0,
    `the backend crashed or restarted (pid ${figures.backend.pidBefore} → ${figures.backend.pidAfter}, ${figures.backend.pingAtEnd})`,
  );
  e.check(
    figures.state.digestBefore === figures.state.digestAfter,
    'the dataset changed (digest of every key differs)',
  );
  e.check(
    figures.state.keysBefore === figures.state.keysAfter,
    `key count ${figures.state.keysBefore} → ${figures.state.keysAfter}`,
  );
  e.check(figures.legit.errors === 0, `legitimate client saw ${figures.legit.errors} errors`);
  const table = [
    ...figures.cases.map((c) => `${c.name.padEnd(48)} ${c.refused}/${c.attempts} refused`),
    `backend crashes                                  ${figures.backend.crashes}`,
    `state changes                                    ${figures.state.digestBefore === figures.state.digestAfter ? 0 : 1} (keys ${figures.state.keysBefore} → ${figures.state.keysAfter})`,
    `legitimate client                                ${figures.legit.ok} ok, ${figures.legit.errors} errors, p50 ${figures.legit.p50Ms} ms, p99 ${figures.legit.p99Ms} ms`,
  ];
  return { figures, table, failed: e.failed };
}

if (isMain(import.meta.url)) {
  await runAsCli('hostile-scripts', () =>
    runHostileScripts({ rounds: Math.min(Math.max(intFlag('rounds', 20), 1), 200) }),
  );
}
