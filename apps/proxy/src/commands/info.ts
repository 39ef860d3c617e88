/**
 * INFO as Redis 7 answers it: every default section with Redis's field names (the worker's
 * own figures; `keyspace` summed over the instances the caller can reach, see lastKeys; persistence
 * flags and mem_allocator from those instances, see info-persistence.ts; blocked_clients as the
 * instances see them, see blocked-count.ts), `all`/`everything` adding commandstats, several
 * sections in one call, plus the proxy's `# Switchyard` section.
 */
import os from 'node:os';
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { Command } from '../resp/command.ts';
import { integerReply } from '../resp/reply-scanner.ts';
import type { ProxyContext } from '../session/context.ts';
import { blockedOnInstances } from '../blocking/blocked-count.ts';
import { instanceInfo, instanceSections, mergeInstanceRows } from './info-persistence.ts';
import { reachableInstances } from '../routing/reach.ts';

export const PROXY_VERSION = '0.1.0';
/** What HELLO and INFO claim to be, so clients enable the features we support. */
export const REDIS_COMPAT_VERSION = '7.0.15';

type Rows = [string, string | number][];

const DEFAULT = [
  'server',
  'clients',
  'memory',
  'persistence',
  'stats',
  'replication',
  'cpu',
  'modules',
  'errorstats',
  'cluster',
  'keyspace',
  'switchyard',
];
const ALL = [...DEFAULT.slice(0, -2), 'commandstats', 'latencystats', 'keyspace', 'switchyard'];
const RUN_ID = Array.from({ length: 40 }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');
const DBSIZE = Command.fromArgs(['DBSIZE']);

/** The sections `args` (INFO's arguments) ask for, in Redis's order, each once. */
export function infoSections(args: readonly string[]): string[] {
  if (args.length === 0) return DEFAULT;
  const wanted = new Set<string>();
  for (const a of args.map((x) => x.toLowerCase())) {
    // `proxy`: the section's name before issue 13, kept for operators' scripts.
    const group =
      a === 'default' ? DEFAULT : a === 'all' || a === 'everything' ? ALL : [a === 'proxy' ? 'switchyard' : a];
    for (const s of group) wanted.add(s);
  }
  return [...ALL.filter((s) => wanted.has(s)), ...[...wanted].filter((s) => !ALL.includes(s))];
}

/**
 * Keys last counted per caller (config object + caller name). Only an INFO that names the
 * keyspace section counts on the data pools; a plain INFO (ioredis's ready check on every
 * connect) shows the last count (its persistence fields come from the admin links, one small
 * INFO per instance, see info-persistence.ts).
 */
const lastKeys = new WeakMap<CompiledConfig, Map<string, number>>();

/** INFO's text; `INFO keyspace` (named explicitly) counts the keys of the reachable instances first. */
export async function infoText(
  ctx: ProxyContext,
  args: readonly string[],
  caller: CompiledCaller | null,
  port = 0,
): Promise<string> {
  const names = infoSections(args);
  const cfg = ctx.holder.current?.compiled ?? null;
  let keys = 0;
  if (names.includes('keyspace') && cfg !== null && caller !== null) {
    let memo = lastKeys.get(cfg);
    if (memo === undefined) lastKeys.set(cfg, (memo = new Map()));
    if (args.some((a) => a.toLowerCase() === 'keyspace')) memo.set(caller.name, await keyCount(ctx, cfg, caller));
    keys = memo.get(caller.name) ?? 0;
  }
  // Persistence flags and the allocator are the instances' own (info-persistence.ts).
  const wanted = instanceSections(names);
  const [fromInstances, blocked] = await Promise.all([
    cfg !== null && caller !== null && wanted !== null ? instanceInfo(ctx, cfg, caller, wanted) : null,
    names.includes('clients') ? blockedOnInstances(ctx) : 0,
  ]);
  const out: string[] = [];
  for (const name of names) {
    let rows =
      name === 'keyspace'
        ? keys > 0
          ? [['db0', `keys=${keys},expires=0,avg_ttl=0`]]
          : []
        : section(ctx, name, port, caller?.name ?? null, blocked);
    if ((name === 'persistence' || name === 'memory') && rows !== null && fromInstances !== null)
      rows = mergeInstanceRows(rows as Rows, fromInstances);
    if (rows === null) continue;
    const title = name === 'cpu' ? 'CPU' : `${name[0]!.toUpperCase()}${name.slice(1)}`;
    out.push(`# ${title}`, ...rows.map(([k, v]) => `${k}:${v}`), '');
  }
  return out.join('\r\n');
}

/** Keys on every instance the caller can reach; an instance that does not answer counts 0. */
function keyCount(ctx: ProxyContext, cfg: CompiledConfig, caller: CompiledCaller): Promise<number> {
  const instances = reachableInstances(cfg, caller);
  return Promise.all(
    instances.map(
      (name) =>
        new Promise<number>((resolve) =>
          ctx.upstream.send(cfg, name, DBSIZE, false, (buf, start, end) =>
            resolve(integerReply(buf.subarray(start, end)) ?? 0),
          ),
        ),
    ),
  ).then((counts) => counts.reduce((a, b) => a + b, 0));
}

/** Error replies per prefix (ERR, WRONGTYPE, NOPERM, ...), as Redis's errorstats; at most 128 prefixes, like Redis. */
const errorStats = new WeakMap<ProxyContext, Map<string, number>>();

/** Counts an error reply sent to a client (called for error replies only, never on the plain path). */
export function noteErrorReply(ctx: ProxyContext, buf: Buffer, start: number, end: number): void {
  let stats = errorStats.get(ctx);
  if (stats === undefined) errorStats.set(ctx, (stats = new Map()));
  let stop = start + 1;
  while (stop < end && stop - start < 64 && buf[stop] !== 32 && buf[stop] !== 13) stop++;
  const prefix = buf.toString('latin1', start + 1, stop);
  if (stats.has(prefix) || stats.size < 128) stats.set(prefix, (stats.get(prefix) ?? 0) + 1);
}

function section(ctx: ProxyContext, name: string, port: number, caller: string | null, blocked: number): Rows | null {
  const s = ctx.stats;
  const mem = process.memoryUsage();
  const cpu = process.cpuUsage();
  switch (name) {
    case 'server':
      return [
        ['redis_version', REDIS_COMPAT_VERSION],
        ['redis_git_sha1', '00000000'],
        ['redis_git_dirty', 0],
        ['redis_build_id', '0'],
        ['redis_mode', 'standalone'],
        ['os', `${os.type()} ${os.release()} ${os.arch()}`],
        ['arch_bits', process.arch.includes('64') ? 64 : 32],
        ['monotonic_clock', 'POSIX clock_gettime'],
        ['multiplexing_api', 'epoll'],
        ['atomicvar_api', 'c11-builtin'],
        ['gcc_version', '0.0.0'],
        ['process_id', process.pid],
        ['process_supervised', 'no'],
        ['run_id', RUN_ID],
        ['tcp_port', port],
        ['server_time_usec', Date.now() * 1000],
        ['uptime_in_seconds', s.uptimeSec()],
        ['uptime_in_days', Math.floor(s.uptimeSec() / 86400)],
        ['hz', 10],
        ['configured_hz', 10],
        ['lru_clock', Math.floor(Date.now() / 1000) % 16777216],
        ['executable', process.execPath],
        ['config_file', ''],
        ['io_threads_active', 0],
      ];
    case 'clients':
      return [
        ['connected_clients', s.connectionsCurrent],
        ['cluster_connections', 0],
        ['maxclients', ctx.settings.maxConnections],
        ['client_recent_max_input_buffer', 0],
        ['client_recent_max_output_buffer', 0],
        // Clients whose block the instance has registered, not merely sent (blocked-count.ts).
        ['blocked_clients', blocked],
        ['tracking_clients', 0],
        ['clients_in_timeout_table', 0],
      ];
    case 'memory':
      return [
        ['used_memory', mem.heapUsed],
        ['used_memory_human', human(mem.heapUsed)],
        ['used_memory_rss', mem.rss],
        ['used_memory_rss_human', human(mem.rss)],
        ['used_memory_peak', mem.heapTotal],
        ['used_memory_peak_human', human(mem.heapTotal)],
        ['used_memory_lua', 0],
        ['maxmemory', 0],
        ['maxmemory_human', '0B'],
        ['maxmemory_policy', 'noeviction'],
        ['mem_fragmentation_ratio', (mem.rss / Math.max(1, mem.heapUsed)).toFixed(2)],
        ['mem_allocator', 'v8'],
      ];
    case 'persistence':
      return [
        ['loading', 0],
        ['async_loading', 0],
        ['rdb_changes_since_last_save', 0],
        ['rdb_bgsave_in_progress', 0],
        ['rdb_last_save_time', Math.floor(s.startedAt.getTime() / 1000)],
        ['rdb_last_bgsave_status', 'ok'],
        ['aof_enabled', 0],
        ['aof_rewrite_in_progress', 0],
        ['aof_rewrite_scheduled', 0],
        ['aof_last_bgrewrite_status', 'ok'],
        ['aof_last_write_status', 'ok'],
      ];
    case 'stats':
      return [
        ['total_connections_received', s.connectionsTotal],
        ['total_commands_processed', s.commandsProcessed],
        ['instantaneous_ops_per_sec', 0],
        // Redis's name for connections refused at maxclients (PROXY_MAX_CONNECTIONS).
        ['rejected_connections', s.caps.get('connections_worker')],
        ['expired_keys', 0],
        ['evicted_keys', 0],
        ['keyspace_hits', 0],
        ['keyspace_misses', 0],
        ['pubsub_channels', 0],
        ['pubsub_patterns', 0],
        ['total_error_replies', s.errorReplies],
      ];
    case 'replication':
      return [
        ['role', 'master'],
        ['connected_slaves', 0],
        ['master_failover_state', 'no-failover'],
        ['master_replid', RUN_ID],
        ['master_repl_offset', 0],
      ];
    case 'cpu':
      return [
        ['used_cpu_sys', (cpu.system / 1e6).toFixed(6)],
        ['used_cpu_user', (cpu.user / 1e6).toFixed(6)],
        ['used_cpu_sys_children', '0.000000'],
        ['used_cpu_user_children', '0.000000'],
      ];
    case 'modules':
    case 'latencystats':
      return [];
    case 'errorstats':
      return [...(errorStats.get(ctx) ?? [])]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([prefix, n]): [string, string] => [`errorstat_${prefix}`, `count=${n}`]);
    case 'cluster':
      return [['cluster_enabled', 0]];
    case 'commandstats':
      return commandStats(ctx, caller);
    case 'switchyard':
      return switchyard(ctx);
    default:
      return null;
  }
}

/** Calls of the commands the proxy answers itself, per caller (they have no request series). */
const localCalls = new WeakMap<ProxyContext, Map<string, Map<string, number>>>();

export function noteLocalCommand(ctx: ProxyContext, caller: string | null, name: string): void {
  if (caller === null) return;
  let byCaller = localCalls.get(ctx);
  if (byCaller === undefined) localCalls.set(ctx, (byCaller = new Map()));
  let calls = byCaller.get(caller);
  if (calls === undefined) byCaller.set(caller, (calls = new Map()));
  calls.set(name, (calls.get(name) ?? 0) + 1);
}

/**
 * Redis's cmdstat_<command> rows from the request series (DESIGN §8 metrics) of this caller
 * only: other tenants' commands are not shown. Latency is sampled, so usec is an estimate.
 */
function commandStats(ctx: ProxyContext, caller: string | null): Rows {
  const byCommand = new Map<string, { calls: number; failed: number; rejected: number; ms: number; sampled: number }>();
  for (const s of ctx.guard.metrics.snapshot()) {
    if (s.caller !== caller) continue;
    const [ok = 0, error = 0, dropped = 0, limited = 0, busy = 0, circuitOpen = 0, cached = 0] = s.counts;
    const row = byCommand.get(s.command) ?? { calls: 0, failed: 0, rejected: 0, ms: 0, sampled: 0 };
    row.calls += ok + error + cached;
    row.failed += error;
    row.rejected += dropped + limited + busy + circuitOpen;
    row.ms += s.sumMs;
    row.sampled += s.buckets.reduce((a, b) => a + b, 0);
    byCommand.set(s.command, row);
  }
  for (const [cmd, calls] of (caller === null ? undefined : localCalls.get(ctx)?.get(caller)) ?? []) {
    byCommand.set(cmd, { calls, failed: 0, rejected: 0, ms: 0, sampled: 0 });
  }
  return [...byCommand]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cmd, r]): [string, string] => {
      const perCall = r.sampled > 0 ? (r.ms * 1000) / r.sampled : 0;
      return [
        `cmdstat_${cmd.toLowerCase()}`,
        `calls=${r.calls},usec=${Math.round(perCall * r.calls)},usec_per_call=${perCall.toFixed(2)},rejected_calls=${r.rejected},failed_calls=${r.failed}`,
      ];
    });
}

function switchyard(ctx: ProxyContext): Rows {
  const s = ctx.stats;
  const active = ctx.holder.current;
  return [
    ['proxy_version', PROXY_VERSION],
    ['worker_name', ctx.settings.workerName],
    ['region', ctx.settings.region],
    ['config_version', active?.version ?? 0],
    ['config_hash', active?.hash ?? ''],
    ['connections', s.connectionsCurrent],
    ['commands_processed', s.commandsProcessed],
    ['error_replies', s.errorReplies],
    ['auth_failures', s.authFailures],
    ['auth_limited', s.authLimited],
    ['protocol_errors', s.protocolErrors],
    ['secondary_write_failures', s.secondaryWriteFailures],
    ['config_swaps', s.configSwaps],
    ['backend_pools', ctx.upstream.size],
    ['watch_connections', ctx.upstream.dedicatedOpen],
    // Issue 13: blocked clients (each on a dedicated backend connection) and subscriber connections.
    ['blocked_clients', ctx.blocking.busy],
    ['pubsub_connections', ctx.pubsub.open],
    // Issue 14 cap refusals, as in switchyard_cap_refusals_total{cap}.
    ...[...s.caps.counts].map(([cap, n]): [string, number] => [`cap_refusals_${cap}`, n]),
  ];
}

function human(bytes: number): string {
  const units = ['B', 'K', 'M', 'G'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v}B` : `${v.toFixed(2)}${units[i]}`;
}
