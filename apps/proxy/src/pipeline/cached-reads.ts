/**
 * Serving GET, HGET, HGETALL and MGET from the local cache (seed 001 §3.4). A hit writes the
 * stored reply bytes as they are. A miss goes to the backend and fills the cache with the
 * reply's bytes, unless the key was invalidated meanwhile (local-cache.ts). MGET is served
 * partly from the cache and only the misses go to the backend, in one batch (seed 002,
 * FireCache). Stale serve: when the backend fails (unreachable, timed out, breaker open),
 * an entry expired for less than one more TTL is served instead, and counted.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { guardedSend } from '../upstream/send.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements } from '../resp/reply-scanner.ts';
import type { CommandSpec } from '../routing/command-table.ts';
import { decide, planCommand, type Plan } from '../routing/plan.ts';
import type { ClientSession } from '../session/port.ts';
import { cacheEnabled, isBackendFailure, ttlOf } from '../cache/cache-policy.ts';
import type { Variant } from '../cache/local-cache.ts';

/** The cache variant a read fills, or null when the command is not cached. */
function variantOf(name: string, command: Command): string | null {
  if (name === 'GET') return command.argc === 2 ? 'v' : null;
  if (name === 'HGET') return command.argc === 3 ? `h${command.latin1(2)}` : null;
  if (name === 'HGETALL') return command.argc === 2 ? 'a' : null;
  return null;
}

/** True when the read was taken over (answered from the cache, or sent with a cache fill). */
export function serveCached(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  plan: Exclude<Plan, { kind: 'reply' }>,
  command: Command,
): boolean {
  const name = spec.name;
  // Only MGET needs the config-wide check: a single key's tier is already in its plan.
  if (name === 'MGET') return cacheEnabled(cfg) && serveMget(session, cfg, caller, spec, plan, command);
  if (plan.kind !== 'forward') return false;
  const tier = plan.decision.cacheTier;
  if (tier === 'none') return false;
  const own = variantOf(name, command);
  if (own === null) return false;
  // RESP3 replies differ (HGETALL is a map, nil is `_`): each protocol has its own entries.
  const variant = session.protocol === 3 ? `3${own}` : own;
  const g = session.ctx.guard;
  const key = plan.key;
  const entry = g.cache.get(key, variant);
  if (entry !== undefined && entry.expiresAt > Date.now()) {
    g.cache.hits++;
    g.metrics.series(caller.name, name, plan.route.targets[0]!).add('cached');
    g.hotKeys.see(key);
    writeHit(session, entry);
    return true;
  }
  g.cache.misses++;
  const epoch = g.cache.fillEpoch();
  const ttl = ttlOf(cfg, tier);
  guardedSend(session, cfg, caller.name, spec, plan, command, (buf, start, end) => {
    if (buf[start] !== 45) {
      g.cache.fill(key, variant, epoch, Buffer.from(buf.subarray(start, end)), ttl, Date.now());
      return null;
    }
    if (entry !== undefined && Date.now() < entry.expiresAt + entry.ttlMs && isBackendFailure(buf, start, end)) {
      g.cache.staleServes++;
      return entry.reply;
    }
    return null;
  });
  return true;
}

/** Copies of a small reply in its run buffer; replies above RUN_MAX_REPLY are never repeated. */
const RUN_COPIES = 32;
const RUN_MAX_REPLY = 512;
let lastSession: ClientSession | null = null;
let lastVariant: Variant | null = null;
let lastEnd = 0;

/**
 * Writes a cache hit as stored bytes. A session reading the same small entry again right
 * after (a pipeline hammering one hot key) gets adjacent ranges of one repeated buffer, which
 * the session merges into a single write, as it does for a pipeline's backend replies.
 */
function writeHit(session: ClientSession, v: Variant): void {
  const len = v.reply.length;
  const again = lastSession === session && lastVariant === v;
  // A single read of an entry writes its reply; the run is built on the first repeat.
  if (len > RUN_MAX_REPLY || (!again && v.run === null)) {
    lastSession = session;
    lastVariant = v;
    lastEnd = 0;
    return session.reply(v.reply);
  }
  const run = (v.run ??= Buffer.concat(new Array<Buffer>(RUN_COPIES).fill(v.reply)));
  if (!again) {
    lastSession = session;
    lastVariant = v;
    lastEnd = 0;
  }
  const start = lastEnd + len > run.length ? 0 : lastEnd;
  lastEnd = start + len;
  session.fill(session.reserve(), run, start, lastEnd);
}

const NIL = 36; // '$' then "-1": a nil bulk is not cached from MGET (the key may be another type)
const NULL3 = 95; // '_': RESP3's nil

function serveMget(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  whole: Exclude<Plan, { kind: 'reply' }>,
  command: Command,
): boolean {
  const g = session.ctx.guard;
  const n = command.argc - 1;
  const now = Date.now();
  const out = new Array<Buffer>(n);
  const keys = new Array<string>(n);
  const ttls = new Array<number>(n).fill(0);
  const missing: number[] = [];
  const v = session.protocol === 3 ? '3v' : 'v';
  let cacheable = false;
  for (let i = 0; i < n; i++) {
    const key = (keys[i] = command.text(i + 1));
    const routing = decide(cfg, key);
    const tier = Buffer.isBuffer(routing) ? 'none' : routing.decision.cacheTier;
    if (tier === 'none') {
      missing.push(i);
      continue;
    }
    cacheable = true;
    ttls[i] = ttlOf(cfg, tier);
    const entry = g.cache.get(key, v);
    if (entry !== undefined && entry.expiresAt > now) {
      g.cache.hits++;
      out[i] = entry.reply;
    } else {
      g.cache.misses++;
      missing.push(i);
    }
  }
  if (!cacheable) return false;
  if (missing.length === 0) {
    g.metrics.series(caller.name, 'MGET', whole.kind === 'forward' ? whole.route.targets[0]! : 'multi').add('cached');
    session.reply(resp.array(out));
    return true;
  }
  const sub =
    missing.length === n ? command : Command.fromArgs([command.arg(0), ...missing.map((i) => command.arg(i + 1))]);
  const plan = sub === command ? whole : planCommand(cfg, caller, spec, sub);
  if (plan.kind === 'reply') {
    session.reply(plan.reply);
    return true;
  }
  const epoch = g.cache.fillEpoch();
  guardedSend(session, cfg, caller.name, spec, plan, sub, (buf, start, end) => {
    if (buf[start] === 45) return null;
    const elements = arrayElements(buf.subarray(start, end));
    if (elements === null || elements.length !== missing.length) return null;
    const at = Date.now();
    missing.forEach((i, j) => {
      const el = elements[j]!;
      out[i] = el;
      if (ttls[i]! > 0 && !(el[0] === NIL && el[1] === 45) && el[0] !== NULL3)
        g.cache.fill(keys[i]!, v, epoch, Buffer.from(el), ttls[i]!, at);
    });
    return resp.array(out);
  });
  return true;
}
