/**
 * Turns one client command into a routing plan against one config object: forward to one
 * instance (or a dual-write pair), split per instance (MGET/MSET/DEL/...), or an error reply.
 */
import {
  keyError,
  routeKey,
  sortOptions,
  sortPatternKey,
  zeroKeyError,
  type CompiledCaller,
  type CompiledConfig,
  type KeyDecision,
} from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { Command } from '../resp/command.ts';
import { keyIndices, SCRIPT_COMMANDS, type CommandSpec, type MultiKeyMode } from './command-table.ts';
import { zeroKeyScriptDecision } from './zero-key-script.ts';
import { keyMemoPerConfig } from './key-memo.ts';

export interface Route {
  /** Instances in write order; one entry for reads and plain writes, two for dual-write. */
  readonly targets: readonly string[];
  /** Serve from a read replica (read commands of `replica` key types). */
  readonly replica: boolean;
}

export interface SplitGroup extends Route {
  /** Ordinals (0-based, in caller order) of the keys this group serves. */
  readonly ordinals: number[];
}

export type Plan =
  | { readonly kind: 'reply'; readonly reply: Buffer }
  | { readonly kind: 'forward'; readonly route: Route; readonly decision: KeyDecision }
  | {
      readonly kind: 'split';
      readonly mode: Exclude<MultiKeyMode, 'same'>;
      readonly groups: SplitGroup[];
      readonly keyIndices: readonly number[];
    };

/** A key's decision with its read and write routes, built once per (config, key). */
export interface KeyRouting {
  readonly decision: KeyDecision;
  readonly read: Route;
  readonly write: Route;
  /** Dual-centre key types (seed 003): the read route in each region; null otherwise. */
  readonly localRead: Readonly<Record<string, Route>> | null;
}

const routeCache = new WeakMap<CompiledConfig, Map<string, KeyRouting | Buffer>>();
/** Per-config memo of key → routing; bounded so random keys cannot grow it forever. */
const CACHE_LIMIT = 50_000;

/** The routing of one key, or an error reply; decisions are pure in (config, key), so memoised. */
export function decide(cfg: CompiledConfig, key: string): KeyRouting | Buffer {
  let cache = routeCache.get(cfg);
  if (cache === undefined) {
    cache = new Map();
    routeCache.set(cfg, cache);
  }
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const out = routingOf(cfg, key);
  // Gray-read and stop-dual-write bucketing are pure too (a stable hash of the meeting ID).
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, out);
  return out;
}

/** The routing of one key, computed (no memo). */
function routingOf(cfg: CompiledConfig, key: string): KeyRouting | Buffer {
  const d = routeKey(cfg, key);
  return 'error' in d
    ? d.error === 'NO_KEY_TYPE'
      ? errorReply('NO_KEY_TYPE', key)
      : errorReply('ROUTE', d.message)
    : Object.freeze({
        decision: d,
        read: { targets: [d.read], replica: d.readPolicy === 'replica' },
        write: { targets: d.writes, replica: false },
        localRead: localReadsOf(d),
      });
}

/**
 * decide() for argument `at` of a request, from its bytes: a key seen before in this config is
 * answered without building its string (no UTF-8 decode, string hash or Map lookup).
 */
export function decideAt(cfg: CompiledConfig, command: Command, at: number): KeyRouting | Buffer {
  const memo = byBytes(cfg);
  const hit = memo.get(command.buf, command.offsets[2 * at]!, command.offsets[2 * at + 1]!);
  if (hit !== undefined) return hit;
  const key = command.text(at);
  // A key the byte table cannot hold (a long one) uses the string memo; any other key
  // lives in the byte table alone, which replaces entries in place instead of growing a Map
  // (with many distinct keys the Map's inserts, clears and garbage cost more than routing).
  if (!memo.holds()) return decide(cfg, key);
  const routing = routingOf(cfg, key);
  memo.set(routing);
  return routing;
}

const byBytes = keyMemoPerConfig<KeyRouting | Buffer>();

function localReadsOf(d: KeyDecision): Readonly<Record<string, Route>> | null {
  if (d.localReads === null) return null;
  const out: Record<string, Route> = {};
  for (const [region, instance] of Object.entries(d.localReads))
    out[region] = { targets: [instance], replica: d.readPolicy === 'replica' };
  return Object.freeze(out);
}

function sameRoute(a: Route, b: Route): boolean {
  if (a === b) return true;
  if (a.replica !== b.replica || a.targets.length !== b.targets.length) return false;
  for (let i = 0; i < a.targets.length; i++) if (a.targets[i] !== b.targets[i]) return false;
  return true;
}

/**
 * `forceWrite` routes every key as a write (MULTI/EXEC, where reads must see the
 * transaction's own writes on the same instance). `region`: the worker's own region, where
 * dual-centre key types are read (seed 003); absent = their home instance.
 */
export function planCommand(
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  command: Command,
  forceWrite = false,
  region?: string,
): Plan {
  const indices = keyIndices(spec, command);
  if (indices === null) return { kind: 'reply', reply: errorReply('REDIS', keyError(spec, command)) };
  if (indices.length === 0) {
    const redis = zeroKeyError(spec, command);
    if (redis === null && SCRIPT_COMMANDS.has(spec.name)) return zeroKeyScriptPlan(cfg, caller, spec, forceWrite);
    return { kind: 'reply', reply: redis === null ? errorReply('NO_KEYS', spec.name) : errorReply('REDIS', redis) };
  }
  const write = forceWrite || spec.write;
  let first: Route | null = null;
  let firstDecision: KeyDecision | null = null;
  let routes: Route[] | null = null;
  for (let i = 0; i < indices.length; i++) {
    const k = decideAt(cfg, command, indices[i]!);
    if (Buffer.isBuffer(k)) return { kind: 'reply', reply: k };
    const d = k.decision;
    if (caller.keyTypes !== null && !caller.keyTypes.has(d.keyType))
      return { kind: 'reply', reply: errorReply('NOPERM_KEY_TYPE', caller.name, d.keyType) };
    const r = write ? k.write : k.localRead !== null && region !== undefined ? (k.localRead[region] ?? k.read) : k.read;
    if (first === null) {
      first = r;
      firstDecision = d;
    } else if (routes === null && !sameRoute(first, r)) {
      routes = [];
      for (let j = 0; j < i; j++) routes.push(first);
    }
    routes?.push(r);
  }
  if (routes === null) {
    if (spec.name === 'SORT' || spec.name === 'SORT_RO') {
      const refusal = sortPatternsRefusal(cfg, caller, command, write, first!);
      if (refusal !== null) return { kind: 'reply', reply: refusal };
    }
    if (SCRIPT_COMMANDS.has(spec.name)) {
      // Inside MULTI (forceWrite) neither the script budget nor the caller's own backend user applies.
      if (forceWrite) return { kind: 'reply', reply: errorReply('SCRIPT_IN_MULTI') };
      const refusal = scriptTargetsRefusal(cfg, first!);
      if (refusal !== null) return { kind: 'reply', reply: refusal };
      // Read replicas keep their own script cache, which SCRIPT LOAD does not reach: primaries only.
      if (first!.replica)
        return { kind: 'forward', route: { targets: first!.targets, replica: false }, decision: firstDecision! };
    }
    return { kind: 'forward', route: first!, decision: firstDecision! };
  }
  if (spec.multi === 'same' || forceWrite) return { kind: 'reply', reply: errorReply('CROSSSLOT') };
  return { kind: 'split', mode: spec.multi, groups: groupRoutes(routes), keyIndices: indices };
}

/**
 * SORT BY/GET: the keys a pattern names are read on the sorted key's instance, so the pattern
 * must route there (as a key of a type the caller may access), as Redis Cluster requires.
 */
function sortPatternsRefusal(
  cfg: CompiledConfig,
  caller: CompiledCaller,
  command: Command,
  write: boolean,
  route: Route,
): Buffer | null {
  for (const at of sortOptions(command).patterns) {
    const key = sortPatternKey(command.text(at));
    if (key === null) continue;
    const k = decide(cfg, key);
    if (Buffer.isBuffer(k)) return k;
    if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType))
      return errorReply('NOPERM_KEY_TYPE', caller.name, k.decision.keyType);
    if (!sameRoute(route, write ? k.write : k.read)) return errorReply('CROSSSLOT');
  }
  return null;
}

/** A zero-key script: the caller's one instance (zero-key-script.ts), else NO_KEYS. */
function zeroKeyScriptPlan(cfg: CompiledConfig, caller: CompiledCaller, spec: CommandSpec, forceWrite: boolean): Plan {
  const decision = zeroKeyScriptDecision(cfg, caller);
  if (decision === null) return { kind: 'reply', reply: errorReply('NO_KEYS', spec.name) };
  if (forceWrite) return { kind: 'reply', reply: errorReply('SCRIPT_IN_MULTI') };
  const route: Route = { targets: decision.writes, replica: false };
  const refusal = scriptTargetsRefusal(cfg, route);
  return refusal === null ? { kind: 'forward', route, decision } : { kind: 'reply', reply: refusal };
}

/** Fail closed (issue 14): a script runs only where the backend enforces the managed user's ACL. */
function scriptTargetsRefusal(cfg: CompiledConfig, route: Route): Buffer | null {
  for (const t of route.targets) if (cfg.instances.get(t)?.dataUser === undefined) return errorReply('NO_DATA_USER', t);
  return null;
}

function groupRoutes(routes: readonly Route[]): SplitGroup[] {
  const groups: SplitGroup[] = [];
  routes.forEach((r, ordinal) => {
    const g = groups.find((x) => sameRoute(x, r));
    if (g) g.ordinals.push(ordinal);
    else groups.push({ targets: r.targets, replica: r.replica, ordinals: [ordinal] });
  });
  return groups;
}
