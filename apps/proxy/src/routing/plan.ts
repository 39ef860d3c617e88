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
import { perConfig } from './per-config.ts';

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

/**
 * What routing a key needs: its KeyDecision without the key and the reasons, so that keys that
 * route alike share one (the reasons are for the console's "why", which the proxy never shows).
 */
export type RouteFacts = Omit<KeyDecision, 'key' | 'reasons'>;

export type Plan =
  | { readonly kind: 'reply'; readonly reply: Buffer }
  | { readonly kind: 'forward'; readonly route: Route; readonly decision: RouteFacts; readonly key: string }
  | {
      readonly kind: 'split';
      readonly mode: Exclude<MultiKeyMode, 'same'>;
      readonly groups: SplitGroup[];
      readonly keyIndices: readonly number[];
    };

/**
 * A key's facts with its read and write routes. One object serves every key whose facts are
 * equal (per config): with many distinct keys, the routings the key memo keeps and the ones
 * requests in flight hold are then not one object graph per key, which the scavenger had to
 * copy and promote (issue 20).
 */
export interface KeyRouting {
  readonly decision: RouteFacts;
  readonly read: Route;
  readonly write: Route;
  /** Dual-centre key types (seed 003): the read route in each region; null otherwise. */
  readonly localRead: Readonly<Record<string, Route>> | null;
}

/** A key with its routing: what decideAt answers, and all the key memo keeps per key. */
export interface RoutedKey {
  readonly key: string;
  readonly routing: KeyRouting;
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

/** The routing of one key, computed (no memo): the shared one for its facts. */
function routingOf(cfg: CompiledConfig, key: string): KeyRouting | Buffer {
  const d = routeKey(cfg, key);
  if ('error' in d) return d.error === 'NO_KEY_TYPE' ? errorReply('NO_KEY_TYPE', key) : errorReply('ROUTE', d.message);
  let byCode = sharedRoutings(cfg).get(d.keyType);
  if (byCode === undefined) sharedRoutings(cfg).set(d.keyType, (byCode = new Map()));
  let alike = byCode.get(d.code);
  if (alike === undefined) byCode.set(d.code, (alike = []));
  for (let i = 0; i < alike.length; i++) if (sameFacts(alike[i]!.decision, d)) return alike[i]!;
  const routing = routingFor(d);
  // A code has a few variants (a migration's gray-read and dual-write sides, a failover); the
  // bound only keeps the scan short if something unforeseen made many.
  if (alike.length < MAX_VARIANTS) alike.push(routing);
  return routing;
}

/** Per config: key type → code → the routings of its keys (each with different facts). */
const sharedRoutings = perConfig(() => new Map<string, Map<number | null, KeyRouting[]>>());
const MAX_VARIANTS = 16;

/**
 * The fields sameFacts compares, which must be every field of RouteFacts: two keys must never
 * share a routing they differ in. Typed by RouteFacts' keys, so a field added to KeyDecision
 * fails to compile here until it is listed, and compared below.
 */
const _compared: Record<keyof RouteFacts, true> = {
  keyType: true,
  code: true,
  read: true,
  writes: true,
  dualWrite: true,
  grayRead: true,
  failover: true,
  migration: true,
  readPolicy: true,
  cacheTier: true,
  valueFormat: true,
  localReads: true,
};

function sameFacts(a: RouteFacts, b: RouteFacts): boolean {
  return (
    a.keyType === b.keyType &&
    a.code === b.code &&
    a.read === b.read &&
    sameValue(a.writes, b.writes) &&
    a.dualWrite === b.dualWrite &&
    a.grayRead === b.grayRead &&
    sameValue(a.failover, b.failover) &&
    a.migration === b.migration &&
    a.readPolicy === b.readPolicy &&
    a.cacheTier === b.cacheTier &&
    a.valueFormat === b.valueFormat &&
    sameValue(a.localReads, b.localReads)
  );
}

/** Equality of plain data: strings, numbers, booleans, null, arrays and records of them. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    // Lists (the write targets) are compared without listing their keys: no garbage per miss.
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const la: readonly unknown[] = a;
    const lb: readonly unknown[] = b;
    if (la.length !== lb.length) return false;
    for (let i = 0; i < la.length; i++) if (!sameValue(la[i], lb[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const k of ka) if (!Object.hasOwn(rb, k) || !sameValue(ra[k], rb[k])) return false;
  return true;
}

function routingFor(d: KeyDecision): KeyRouting {
  const { key: _key, reasons: _reasons, ...rest } = d;
  const facts: RouteFacts = Object.freeze(rest);
  return Object.freeze({
    decision: facts,
    read: { targets: [d.read], replica: d.readPolicy === 'replica' },
    write: { targets: d.writes, replica: false },
    localRead: localReadsOf(d),
  });
}

/**
 * decide() for argument `at` of a request, from its bytes, with the key's text: a key seen
 * before in this config is answered without building its string (no UTF-8 decode, string hash
 * or Map lookup).
 */
function decideAt(cfg: CompiledConfig, command: Command, at: number): RoutedKey | Buffer {
  const memo = byBytes(cfg);
  const hit = memo.get(command.buf, command.offsets[2 * at]!, command.offsets[2 * at + 1]!);
  if (hit !== undefined) return hit;
  const key = command.text(at);
  // A key the byte table cannot hold (a long one) uses the string memo; any other key
  // lives in the byte table alone, which replaces entries in place instead of growing a Map
  // (with many distinct keys the Map's inserts, clears and garbage cost more than routing).
  const routing = memo.holds() ? routingOf(cfg, key) : decide(cfg, key);
  const out = Buffer.isBuffer(routing) ? routing : { key, routing };
  memo.set(out);
  return out;
}

const byBytes = keyMemoPerConfig<RoutedKey | Buffer>();

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
  let firstKey: RoutedKey | null = null;
  let routes: Route[] | null = null;
  for (let i = 0; i < indices.length; i++) {
    const routed = decideAt(cfg, command, indices[i]!);
    if (Buffer.isBuffer(routed)) return { kind: 'reply', reply: routed };
    const k = routed.routing;
    const d = k.decision;
    if (caller.keyTypes !== null && !caller.keyTypes.has(d.keyType))
      return { kind: 'reply', reply: errorReply('NOPERM_KEY_TYPE', caller.name, d.keyType) };
    const r = write ? k.write : k.localRead !== null && region !== undefined ? (k.localRead[region] ?? k.read) : k.read;
    if (first === null) {
      first = r;
      firstKey = routed;
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
      if (first!.replica) return forwardPlan({ targets: first!.targets, replica: false }, firstKey!);
    }
    return forwardPlan(first!, firstKey!);
  }
  if (spec.multi === 'same' || forceWrite) return { kind: 'reply', reply: errorReply('CROSSSLOT') };
  return { kind: 'split', mode: spec.multi, groups: groupRoutes(routes), keyIndices: indices };
}

function forwardPlan(route: Route, routed: RoutedKey): Plan {
  return { kind: 'forward', route, decision: routed.routing.decision, key: routed.key };
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
  return refusal === null ? { kind: 'forward', route, decision, key: '' } : { kind: 'reply', reply: refusal };
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
