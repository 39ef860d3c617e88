/**
 * Issue 13's live proof: through a demo proxy with the demo caller, what an application does
 * with Redis works. Used by the demo-stack test (packages/stack/test/stack.int.test.ts), by the
 * proxy's fixture test, and by `node --import tsx packages/stack/src/bin/prove-redis.ts` against
 * a running stack. Keys match the demo key types: `events:…` (control instance) for channels,
 * streams and geo; `stable_<mid>` with two storage codes for keys on two instances.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const run = promisify(execFile);

export interface ProofTarget {
  host: string;
  port: number;
  caller: { name: string; secret: string };
}

export const PROOF_CHECKS = [
  'redis-cli -3',
  'BLPOP gets a push',
  'SUBSCRIBE gets a PUBLISH',
  'SCAN spans instances',
  'XADD/XRANGE',
  'GEOADD/GEODIST',
] as const;
export type ProofCheck = (typeof PROOF_CHECKS)[number];
export interface ProofResult {
  check: ProofCheck;
  ok: boolean;
  detail: string;
}

/** A normal meeting ID with storage `code` (demo layout: codes at bits 31..34). */
const meetingId = (code: number, random: bigint): string => ((1n << 60n) | (BigInt(code) << 31n) | random).toString();

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  );
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

type Check = (t: ProofTarget, open: () => Redis, tag: string) => Promise<string>;

const CHECKS: Record<ProofCheck, Check> = {
  'redis-cli -3': async (t, _open, tag) => {
    const cli = (...a: string[]) =>
      run(
        'redis-cli',
        [
          '-3',
          '-h',
          t.host,
          '-p',
          String(t.port),
          '--user',
          t.caller.name,
          '--pass',
          t.caller.secret,
          '--no-auth-warning',
          ...a,
        ],
        { timeout: 5000 },
      );
    await cli('SET', `events:${tag}:cli`, 'resp3');
    const { stdout, stderr } = await cli('GET', `events:${tag}:cli`);
    // redis-cli carries on in RESP2 when HELLO 3 fails, saying so on stderr only.
    if (stderr !== '') throw new Error(`redis-cli -3: ${stderr.trim()}`);
    if (stdout !== 'resp3\n') throw new Error(`redis-cli -3 GET answered ${JSON.stringify(stdout)}`);
    return 'SET/GET over RESP3';
  },
  'BLPOP gets a push': async (_t, open, tag) => {
    const [a, b] = [open(), open()];
    const key = `events:${tag}:queue`;
    const popped = a.blpop(key, 5);
    setTimeout(() => void b.rpush(key, 'job').catch(() => undefined), 100);
    const got = await popped;
    if (got?.[1] !== 'job') throw new Error(`BLPOP answered ${JSON.stringify(got)}`);
    return `BLPOP ${key} → job`;
  },
  'SUBSCRIBE gets a PUBLISH': async (_t, open, tag) => {
    const [sub, pub] = [open(), open()];
    const channel = `events:${tag}:chan`;
    const got = new Promise<string>((resolve) => sub.on('message', (_c: string, m: string) => resolve(m)));
    await sub.subscribe(channel);
    await pub.publish(channel, 'hello');
    if ((await got) !== 'hello') throw new Error('wrong message');
    return `message on ${channel}`;
  },
  'SCAN spans instances': async (_t, open, tag) => {
    const c = open();
    const random = BigInt(parseInt(tag.replace(/\D/g, '').slice(-6) || '7', 10));
    // Codes 1 and 2 are homed on gz-personal and gz-enterprise: two instances.
    const keys = [1, 2].map((code) => `stable_${meetingId(code, random)}`);
    for (const k of keys) await c.set(k, tag);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const [next, batch] = await c.scan(cursor, 'MATCH', 'stable_*', 'COUNT', 100);
      batch.forEach((k) => seen.add(k));
      cursor = next;
    } while (cursor !== '0');
    const missing = keys.filter((k) => !seen.has(k));
    if (missing.length > 0) throw new Error(`SCAN missed ${missing.join(', ')}`);
    return `found ${keys.join(' and ')}`;
  },
  'XADD/XRANGE': async (_t, open, tag) => {
    const c = open();
    const key = `events:${tag}:stream`;
    const id = await c.xadd(key, '*', 'kind', 'joined');
    const range = await c.xrange(key, '-', '+');
    if (range.length !== 1 || range[0]![0] !== id || range[0]![1].join(',') !== 'kind,joined')
      throw new Error(`XRANGE answered ${JSON.stringify(range)}`);
    return `entry ${id}`;
  },
  'GEOADD/GEODIST': async (_t, open, tag) => {
    const c = open();
    const key = `events:${tag}:geo`;
    await c.geoadd(key, 113.2644, 23.1291, 'guangzhou', 121.4737, 31.2304, 'shanghai');
    const km = Number(await c.geodist(key, 'guangzhou', 'shanghai', 'KM'));
    // About 1,200 km apart.
    if (!(km > 1100 && km < 1300)) throw new Error(`GEODIST answered ${km}`);
    return `${km.toFixed(0)} km`;
  },
};

export async function proveRedis(t: ProofTarget): Promise<ProofResult[]> {
  const tag = `proof${Date.now()}`;
  const results: ProofResult[] = [];
  for (const check of PROOF_CHECKS) {
    const clients: Redis[] = [];
    const open = (): Redis => {
      const r = new Redis({
        host: t.host,
        port: t.port,
        username: t.caller.name,
        password: t.caller.secret,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      r.on('error', () => undefined);
      clients.push(r);
      return r;
    };
    try {
      results.push({ check, ok: true, detail: await within(CHECKS[check](t, open, tag), 8000) });
    } catch (e) {
      results.push({ check, ok: false, detail: e instanceof Error ? e.message : String(e) });
    } finally {
      for (const c of clients) c.disconnect();
    }
  }
  return results;
}
