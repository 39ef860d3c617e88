/**
 * Meeting-ID generation with uniqueness but no central ID service (001 §6.3.1): draw an ID,
 * create it with the atomic create-if-absent script on the instance it routes to, and on a
 * collision (a legacy shadow key, or the ID already exists) draw again, a bounded number of
 * times. How the connection is obtained is the caller's business: the proxy passes its own
 * backend connections, tests and benchmarks pass ioredis clients.
 */
import {
  routeKey,
  writeSeq,
  type CompiledConfig,
  type MeetingIdKind,
  type MeetingIdLayout,
  type TEncodingRule,
} from '@switchyard/core';
import { CREATE_ID_SCRIPT, CREATE_ID_SHA, shadowKeyOf, type CreateOutcome } from './create-id.lua.ts';
import { IdgenError } from './errors.ts';
import { drawFromPlan, planMeetingId, type IdPlan, type PlanRequest } from './plan-id.ts';
import { defaultRandomSource, type RandomSource } from './random-source.ts';

/**
 * The one thing generation needs from a connection. An ioredis `Redis` or `Cluster` fits as
 * is. Other adapters must reject with an Error whose message contains `NOSCRIPT` when the
 * server lacks the script, and resolve the script's integer reply (number, bigint or text).
 */
export interface RedisLike {
  evalsha(sha: string, numKeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | Buffer)[]): Promise<unknown>;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

export interface GenerateOptions {
  random?: RandomSource;
  /** "Today" for the relative day. */
  now?: Date;
  /** Attempts before ID_RETRIES_EXHAUSTED (default 10; the expected retry rate is < 1/day). */
  maxAttempts?: number;
  /** Expiry of the meeting-info key in seconds; 0 or absent = none. */
  ttlSeconds?: number;
  /** Written after the 8-byte SEQ (SEQ = 1: the first version of the meeting info). */
  payload?: Uint8Array;
}

export interface GeneratedId {
  /** Decimal uint64: never a JS number, which would round it. */
  id: string;
  code: number;
  kind: MeetingIdKind;
  day: number;
  /** The encoding rule used, `region;identity;set`, e.g. `gz;personal;*` or `*;*;*`. */
  rule: string;
  fellBack: boolean;
  attempts: number;
  collisions: { exists: number; shadowed: number };
  /** The instance the ID was created on; null when the caller passed the connection directly. */
  instance: string | null;
  /**
   * Further write targets during a dual-write migration, after the first one decided
   * uniqueness. An outcome other than `created` there means the copies disagree (reconciliation's job).
   */
  copies: { instance: string; outcome: CreateOutcome }[];
}

const seqValue = (payload?: Uint8Array): Buffer => {
  const u8 = writeSeq(1n, payload);
  return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
};
/** SEQ = 1 and no payload, the common case: built once (the script never mutates it). */
const FIRST_SEQ_ONLY = seqValue();

interface Target {
  instance: string | null;
  client: RedisLike;
}

/** Run the create script, loading it with EVAL when the server does not know its SHA yet. */
export async function runCreateScript(
  client: RedisLike,
  mid: string,
  value: Buffer,
  ttlSeconds = 0,
): Promise<CreateOutcome> {
  const ttl = Number.isFinite(ttlSeconds) && ttlSeconds > 0 ? Math.floor(ttlSeconds) : 0;
  const args = [mid, shadowKeyOf(mid), value, String(ttl)];
  let reply: unknown;
  try {
    reply = await client.evalsha(CREATE_ID_SHA, 2, ...args);
  } catch (e) {
    if (!(e instanceof Error) || !e.message.includes('NOSCRIPT')) throw e;
    reply = await client.eval(CREATE_ID_SCRIPT, 2, ...args);
  }
  switch (String(reply)) {
    case '1':
      return 'created';
    case '0':
      return 'exists';
    case '-1':
      return 'shadowed';
    default:
      throw new IdgenError(
        'SCRIPT_REPLY_INVALID',
        `create-if-absent script answered ${JSON.stringify(String(reply))} for ${mid}`,
      );
  }
}

async function createWithRetries(
  plan: IdPlan,
  options: GenerateOptions,
  targetsFor: (mid: string) => Target[],
): Promise<GeneratedId> {
  const random = options.random ?? defaultRandomSource;
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const value = options.payload === undefined ? FIRST_SEQ_ONLY : seqValue(options.payload);
  const collisions = { exists: 0, shadowed: 0 };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const draw = drawFromPlan(plan, random);
    const mid = draw.id.toString();
    const [primary, ...others] = targetsFor(mid);
    if (primary === undefined) throw new IdgenError('NO_ROUTE', `meeting ID ${mid} routes to no instance`);
    const outcome = await runCreateScript(primary.client, mid, value, options.ttlSeconds);
    if (outcome === 'exists') collisions.exists++;
    if (outcome === 'shadowed') collisions.shadowed++;
    if (outcome !== 'created') continue;
    // Dual-write: the first write target decided uniqueness; copies follow it.
    const copies = await Promise.all(
      others.map(async (t) => ({
        instance: t.instance ?? '?',
        outcome: await runCreateScript(t.client, mid, value, options.ttlSeconds),
      })),
    );
    return {
      id: mid,
      code: plan.code,
      kind: plan.kind,
      day: plan.day,
      rule: plan.rule,
      fellBack: plan.fellBack,
      attempts: attempt,
      collisions,
      instance: primary.instance,
      copies,
    };
  }
  throw new IdgenError(
    'ID_RETRIES_EXHAUSTED',
    `could not create a unique meeting ID for code ${plan.code} (rule ${plan.rule}) in ${maxAttempts} attempts: ${collisions.exists} existed, ${collisions.shadowed} hit legacy shadow keys`,
    { attempts: maxAttempts, ...collisions, code: plan.code, rule: plan.rule, day: plan.day },
  );
}

export interface DirectGenerateRequest extends PlanRequest, GenerateOptions {
  layout: MeetingIdLayout;
  rules: readonly TEncodingRule[];
}

/** Generate on one known connection (a standalone instance, a benchmark, a test). */
export function generateMeetingId(target: RedisLike, req: DirectGenerateRequest): Promise<GeneratedId> {
  const plan = planMeetingId(req.layout, req.rules, req);
  return createWithRetries(plan, req, () => [{ instance: null, client: target }]);
}

/**
 * What the proxy calls for SY.NEWID: encode with the worker's region rules, then create on
 * the instance `routeKey(cfg, mid)` names, which honours failover overrides and migrations.
 * `clientForInstance` returns the caller's connection to an instance (undefined = none).
 */
export function generateForRegion(
  cfg: CompiledConfig,
  region: string,
  identity: string,
  set: string | undefined,
  grouped: boolean,
  clientForInstance: (instance: string) => RedisLike | undefined,
  options: GenerateOptions = {},
): Promise<GeneratedId> {
  const plan = planMeetingId(cfg.snapshot.layout, cfg.snapshot.encodingRules, {
    region,
    identity,
    set,
    grouped,
    now: options.now,
  });
  return createWithRetries(plan, options, (mid) => {
    const d = routeKey(cfg, mid);
    if ('error' in d) throw new IdgenError('NO_ROUTE', `new meeting ID ${mid} does not route: ${d.message}`);
    return d.writes.map((instance) => {
      const client = clientForInstance(instance);
      if (client === undefined)
        throw new IdgenError('NO_CLIENT', `no connection for instance '${instance}' (meeting ID ${mid})`);
      return { instance, client };
    });
  });
}
