/**
 * `syctl id new --region R --identity I [--grouped] [--count N] [--set S]`: generate meeting
 * IDs through a proxy worker's SY.NEWID (DESIGN §4, §10). ID generation is data plane, so this
 * never talks to the console and works while it is down. The worker is `--proxy host:port`,
 * else SWITCHYARD_PROXY, else a worker of region R from `.switchyard/stack.json`; the caller is
 * `--caller/--secret`, else SWITCHYARD_CALLER/SWITCHYARD_CALLER_SECRET, else stack.json's demo
 * caller. REGION is always sent, so the rules of R apply whichever worker answers.
 */
import { readFileSync } from 'node:fs';
import { ZIdentity, ZRegionName } from '@switchyard/core';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { findStackFile } from '../api-client.ts';
import { cliEnv, type TCliEnv } from '../env.ts';
import { defineCommand, type Command } from '../framework/command.ts';
import { CliError } from '../framework/errors.ts';

const MAX_COUNT = 10_000;
const ZWord = z.string().regex(/^[A-Za-z0-9_*-]{1,64}$/, 'letters, digits, "-", "_" only (at most 64)');
const ZHostPort = z
  .string()
  .regex(/^[A-Za-z0-9.-]+:\d{1,5}$/, 'host:port, e.g. 127.0.0.1:6380')
  .transform((s) => ({ host: s.slice(0, s.lastIndexOf(':')), port: Number(s.slice(s.lastIndexOf(':') + 1)) }))
  .refine((a) => a.port > 0 && a.port < 65536, 'port must be 1..65535');

const ZIdNewArgs = z
  .object({
    region: ZRegionName,
    identity: ZIdentity,
    grouped: z.boolean().optional(),
    count: z.coerce.number().int().min(1).max(MAX_COUNT, `at most ${MAX_COUNT} IDs per run`).default(1),
    set: ZWord.optional(),
    proxy: ZHostPort.optional(),
    caller: z.string().min(1).optional(),
    secret: z.string().min(1).optional(),
    json: z.boolean().optional(),
  })
  .refine((a) => (a.caller === undefined) === (a.secret === undefined), {
    message: 'give --caller and --secret together',
    path: ['caller'],
  });

/** One SY.NEWID reply, validated (a flat field/value array from the proxy). */
const ZNewIdReply = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  code: z.coerce.number().int().min(0),
  kind: z.enum(['grouped', 'normal']),
  day: z.coerce.number().int().min(0),
  rule: z.string(),
  fellback: z.enum(['0', '1']),
  instance: z.string(),
});

export interface NewIdOutput {
  id: string;
  code: number;
  kind: 'grouped' | 'normal';
  day: number;
  rule: string;
  fellBack: boolean;
  instance: string;
}

interface ProxyTarget {
  host: string;
  port: number;
  caller: string;
  secret: string;
  /** Where the target came from, for error messages. */
  source: string;
}

const ZStackProxies = z.object({
  proxies: z.array(z.object({ name: z.string(), region: z.string(), port: z.number().int() })),
  demoCaller: z.object({ name: z.string(), secret: z.string() }),
});

function readStack(cwd: string, env: TCliEnv): { file: string; stack: z.infer<typeof ZStackProxies> } | null {
  const file = findStackFile(cwd, env.SWITCHYARD_HOME);
  if (file === null) return null;
  try {
    return { file, stack: ZStackProxies.parse(JSON.parse(readFileSync(file, 'utf8'))) };
  } catch (e) {
    throw new CliError('NO_PROXY', `cannot use ${file}: ${(e as Error).message}`);
  }
}

export function resolveProxyTarget(a: z.output<typeof ZIdNewArgs>, cwd: string, env: TCliEnv = cliEnv()): ProxyTarget {
  const explicit = a.proxy ?? (env.SWITCHYARD_PROXY !== undefined ? parseEnvProxy(env.SWITCHYARD_PROXY) : undefined);
  const envCaller =
    env.SWITCHYARD_CALLER !== undefined && env.SWITCHYARD_CALLER_SECRET !== undefined
      ? { name: env.SWITCHYARD_CALLER, secret: env.SWITCHYARD_CALLER_SECRET }
      : undefined;
  const given = a.caller !== undefined && a.secret !== undefined ? { name: a.caller, secret: a.secret } : envCaller;
  // stack.json is only needed for what was not given explicitly.
  const found = explicit !== undefined && given !== undefined ? null : readStack(cwd, env);
  const credentials = given ?? found?.stack.demoCaller;
  if (explicit !== undefined) {
    if (credentials === undefined)
      throw new CliError(
        'NO_PROXY',
        'no caller to AUTH as: give --caller and --secret (or SWITCHYARD_CALLER and SWITCHYARD_CALLER_SECRET)',
      );
    return {
      ...explicit,
      caller: credentials.name,
      secret: credentials.secret,
      source: a.proxy !== undefined ? '--proxy' : 'SWITCHYARD_PROXY',
    };
  }
  if (found === null) {
    throw new CliError(
      'NO_PROXY',
      'no proxy worker to talk to: give --proxy host:port (or SWITCHYARD_PROXY), or start the demo stack (npm run up) to get .switchyard/stack.json',
    );
  }
  const worker = found.stack.proxies.find((p) => p.region === a.region);
  if (worker === undefined) {
    const regions = [...new Set(found.stack.proxies.map((p) => p.region))].join(', ') || 'none';
    throw new CliError(
      'NO_PROXY',
      `no proxy worker of region '${a.region}' in ${found.file} (regions: ${regions}); use --proxy host:port to pick one`,
    );
  }
  return {
    host: '127.0.0.1',
    port: worker.port,
    caller: credentials!.name,
    secret: credentials!.secret,
    source: `${found.file} (${worker.name})`,
  };
}

function parseEnvProxy(value: string): { host: string; port: number } {
  const r = ZHostPort.safeParse(value);
  if (!r.success)
    throw new CliError('INVALID_ARGUMENT', `SWITCHYARD_PROXY: ${r.error.issues[0]?.message ?? 'invalid'}`);
  return r.data;
}

/** A refused or failed SY.NEWID: the proxy's error code (NOPERM, ID_RETRIES_EXHAUSTED, …) becomes the reason. */
function proxyError(message: string, target: ProxyTarget, done: number): CliError {
  const reason = /^ERR SWITCHYARD ([A-Z][A-Z0-9_]+) /.exec(message)?.[1] ?? /^([A-Z]+) /.exec(message)?.[1];
  const created = done > 0 ? ` (${done} ID(s) were created before it)` : '';
  return new CliError(
    'PROXY_REFUSED',
    `the proxy at ${target.host}:${target.port} answered: ${message}${created}`,
    reason,
  );
}

function connectError(e: unknown, target: ProxyTarget): CliError {
  const message = e instanceof Error ? e.message : String(e);
  if (/WRONGPASS|NOAUTH|NOPERM/.test(message)) {
    return new CliError(
      'PROXY_REFUSED',
      `the proxy at ${target.host}:${target.port} refused caller '${target.caller}' (from ${target.source}): ${message}`,
      'AUTH',
    );
  }
  return new CliError(
    'PROXY_UNREACHABLE',
    `cannot reach the proxy at ${target.host}:${target.port} (from ${target.source}): ${message}`,
  );
}

async function generate(a: z.output<typeof ZIdNewArgs>, target: ProxyTarget): Promise<NewIdOutput[]> {
  const redis = new Redis({
    host: target.host,
    port: target.port,
    username: target.caller,
    password: target.secret,
    lazyConnect: true,
    enableReadyCheck: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
    commandTimeout: 30_000,
  });
  // ioredis reports why a connection failed (refused, WRONGPASS) only on this event; connect()
  // and pending commands then just say "Connection is closed".
  let lastError: Error | null = null;
  redis.on('error', (e: Error) => (lastError = e));
  try {
    await redis.connect().catch((e: unknown) => Promise.reject(connectError(lastError ?? e, target)));
    const args = [
      a.identity,
      ...(a.grouped ? ['GROUPED'] : []),
      'REGION',
      a.region,
      ...(a.set !== undefined ? ['SET', a.set] : []),
    ];
    const pipeline = redis.pipeline();
    for (let i = 0; i < a.count; i++) pipeline.call('SY.NEWID', ...args);
    const results = (await pipeline.exec()) ?? [];
    const ids: NewIdOutput[] = [];
    for (const [err, reply] of results) {
      if (err)
        throw err.message.includes('Connection is closed')
          ? connectError(lastError ?? err, target)
          : proxyError(err.message, target, ids.length);
      ids.push(toOutput(reply));
    }
    return ids;
  } finally {
    redis.disconnect();
  }
}

function toOutput(reply: unknown): NewIdOutput {
  const fields: Record<string, unknown> = {};
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) fields[String(reply[i])] = reply[i + 1];
  const r = ZNewIdReply.safeParse(fields);
  if (!r.success)
    throw new CliError(
      'INTERNAL',
      `unexpected SY.NEWID reply ${JSON.stringify(reply)?.slice(0, 200)}: ${r.error.issues[0]?.message}`,
    );
  const f = r.data;
  return {
    id: f.id,
    code: f.code,
    kind: f.kind,
    day: f.day,
    rule: f.rule,
    fellBack: f.fellback === '1',
    instance: f.instance,
  };
}

function renderIds(ids: readonly NewIdOutput[], a: z.output<typeof ZIdNewArgs>): string {
  const header = ['id', 'code', 'kind', 'day', 'rule', 'instance'];
  const rows = ids.map((r) => [r.id, String(r.code), r.kind, String(r.day), r.rule, r.instance]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const lines = [line(header), ...rows.map(line)];
  if (ids.some((r) => r.fellBack))
    lines.push(`note: no encoding rule for ${a.region};${a.identity};${a.set ?? '*'}, the *;*;* fallback was used`);
  return lines.join('\n');
}

const idNew = defineCommand({
  path: ['id', 'new'],
  summary: 'generate meeting IDs through a proxy worker (SY.NEWID; works with the console down)',
  positionals: [],
  flags: {
    region: {
      type: 'string',
      description: 'region whose encoding rules apply (gz, sh, …); picks the worker from stack.json',
    },
    identity: { type: 'string', description: 'personal or enterprise' },
    grouped: { type: 'boolean', description: 'a grouped meeting ID (below 2^49, exact as a zset score)' },
    count: { type: 'string', description: `how many IDs (default 1, at most ${MAX_COUNT}; pipelined)` },
    set: { type: 'string', description: 'the SET part of the encoding rule (default *)' },
    proxy: { type: 'string', description: 'host:port of a proxy worker (default: SWITCHYARD_PROXY, else stack.json)' },
    caller: { type: 'string', description: 'caller to AUTH as (default: SWITCHYARD_CALLER, else the demo caller)' },
    secret: {
      type: 'string',
      description: "the caller's secret (default: SWITCHYARD_CALLER_SECRET, else the demo secret)",
    },
  },
  args: ZIdNewArgs,
  async run(a, ctx) {
    const ids = await generate(a, resolveProxyTarget(a, ctx.cwd));
    return { json: { ids }, text: renderIds(ids, a) };
  },
});

export const idNewCommands: readonly Command[] = [idNew];
