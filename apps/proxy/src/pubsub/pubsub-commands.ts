/**
 * SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their unsubscribes, PUBLISH, SPUBLISH and PUBSUB (issue 13 §4).
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import { guardedSend } from '../upstream/send.ts';
import { Command } from '../resp/command.ts';
import * as resp from '../resp/encode.ts';
import { arrayElements, integerReply } from '../resp/reply-scanner.ts';
import { SUBSCRIBE_COMMANDS } from '../routing/command-table.ts';
import { decide } from '../routing/plan.ts';
import type { AdmittedRun, ClientSession } from '../session/port.ts';
import { bulkText } from './subscriber-conn.ts';
import { Subscriptions, type Family } from './subscriptions.ts';

export const PUBSUB_COMMANDS: ReadonlySet<string> = new Set([...SUBSCRIBE_COMMANDS, 'PUBSUB', 'PUBLISH', 'SPUBLISH']);

const RESP3_NULL = Buffer.from('_\r\n');

const FAMILY: Record<string, [Family, boolean]> = {
  SUBSCRIBE: ['channel', true],
  PSUBSCRIBE: ['pattern', true],
  SSUBSCRIBE: ['shard', true],
  UNSUBSCRIBE: ['channel', false],
  PUNSUBSCRIBE: ['pattern', false],
  SUNSUBSCRIBE: ['shard', false],
};

export const runPubSub: AdmittedRun = (session, cfg, caller, spec, command) => {
  const name = spec.name;
  if (name === 'PUBSUB') return pubsub(session, cfg, caller, command);
  if (name === 'PUBLISH' || name === 'SPUBLISH') return publish(session, cfg, caller, spec, command);
  const [family, subscribing] = FAMILY[name]!;
  const names = command
    .args()
    .slice(1)
    .map((a) => a.toString('utf8'));
  // As Redis Cluster: the shard channels of one SSUBSCRIBE/SUNSUBSCRIBE must be together.
  if (family === 'shard' && !sameInstance(cfg, names)) return session.reply(errorReply('CROSSSLOT'));
  if (subscribing) return subscribe(session, cfg, caller, family, names);
  unsubscribe(session, family, names);
};

function sameInstance(cfg: CompiledConfig, channels: readonly string[]): boolean {
  let first: string | null = null;
  for (const ch of channels) {
    const k = decide(cfg, ch);
    if (Buffer.isBuffer(k)) continue; // the subscribe loop answers unroutable channels
    const at = k.write.targets[0]!;
    if (first !== null && at !== first) return false;
    first = at;
  }
  return true;
}

/**
 * PUBLISH on the channel's write-truth instance only, where its subscribers are: not on a read
 * replica (a replica's PUBLISH stays local), not on both sides of a dual write (pattern
 * subscribers would get it twice), and without the cache invalidation a write of that key makes.
 */
const publish: AdmittedRun = (session, cfg, caller, spec, command) => {
  const channel = command.text(1);
  const k = decide(cfg, channel);
  if (Buffer.isBuffer(k)) return session.reply(k);
  if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType))
    return session.reply(errorReply('NOPERM_CHANNEL', caller.name, channel));
  guardedSend(
    session,
    cfg,
    caller.name,
    spec,
    {
      kind: 'forward',
      route: { targets: k.write.targets.slice(0, 1), replica: false },
      decision: k.decision,
      key: channel,
    },
    command,
    null,
  );
};

/** The count Redis reports: channels + patterns, or shard channels for the S* commands. */
function countOf(subs: Subscriptions, family: Family): number {
  return family === 'shard' ? subs.wanted.shard.size : subs.wanted.channel.size + subs.wanted.pattern.size;
}

function confirmation(session: ClientSession, verb: string, name: string | null, count: number): Buffer {
  if (session.protocol === 2) return resp.array([resp.bulk(verb), resp.bulk(name), resp.integer(count)]);
  // RESP3: a push, and a null is `_`.
  const frame = resp.array([resp.bulk(verb), name === null ? RESP3_NULL : resp.bulk(name), resp.integer(count)]);
  frame[0] = 0x3e;
  return frame;
}

function subscribe(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  family: Family,
  names: string[],
): void {
  if (family !== 'pattern') {
    // Like Redis's ACL check: one channel not permitted refuses the whole command.
    for (const ch of names) {
      const k = decide(cfg, ch);
      if (Buffer.isBuffer(k)) return session.reply(k);
      if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType))
        return session.reply(errorReply('NOPERM_CHANNEL', caller.name, ch));
      const instance = k.write.targets[0]!;
      if (family === 'shard' && cfg.instances.get(instance)?.kind === 'cluster')
        return session.reply(errorReply('SHARD_ON_CLUSTER', instance));
    }
  }
  const subs = (session.pubsub as Subscriptions | null) ?? new Subscriptions(session);
  session.pubsub = subs;
  const set = subs.wanted[family];
  const added = names.filter((n) => !set.has(n));
  const verb = family === 'channel' ? 'subscribe' : family === 'pattern' ? 'psubscribe' : 'ssubscribe';
  const frames: Buffer[] = [];
  for (const n of names) {
    set.add(n);
    frames.push(confirmation(session, verb, n, countOf(subs, family)));
  }
  const slot = session.reservePush();
  // Confirmed only once every backend confirmed: a PUBLISH sent after the reply is received.
  subs.reconcile((err) => {
    if (err === null) return session.fillWhole(slot, Buffer.concat(frames));
    for (const n of added) set.delete(n);
    subs.reconcile();
    if (subs.count === 0) leave(session, subs);
    const [instance, detail] = err.includes('|')
      ? [err.slice(0, err.indexOf('|')), err.slice(err.indexOf('|') + 1)]
      : ['pubsub', err];
    session.fillWhole(
      slot,
      err === 'limit'
        ? errorReply('PUBSUB_LIMIT', session.ctx.pubsub.max)
        : errorReply('BACKEND_DOWN', instance, detail),
    );
  });
}

function unsubscribe(session: ClientSession, family: Family, names: string[]): void {
  const subs = session.pubsub as Subscriptions | null;
  const verb = family === 'channel' ? 'unsubscribe' : family === 'pattern' ? 'punsubscribe' : 'sunsubscribe';
  const set = subs?.wanted[family];
  const targets = names.length > 0 ? names : [...(set ?? [])];
  if (subs === null || set === undefined || targets.length === 0) {
    // As Redis: one confirmation per named channel, subscribed or not; a bare unsubscribe with
    // nothing subscribed gets one with a null name.
    if (targets.length === 0)
      return session.push(confirmation(session, verb, null, subs === null ? 0 : countOf(subs, family)));
    return session.push(Buffer.concat(targets.map((n) => confirmation(session, verb, n, 0))));
  }
  const frames = targets.map((n) => {
    set.delete(n);
    return confirmation(session, verb, n, countOf(subs, family));
  });
  subs.reconcile();
  if (subs.count === 0) leave(session, subs);
  session.push(Buffer.concat(frames));
}

/** No subscription left: the session leaves subscribe mode and its backend connections close. */
export function leave(session: ClientSession, subs: Subscriptions): void {
  subs.close();
  if (session.pubsub === subs) session.pubsub = null;
}

/** PUBSUB CHANNELS|NUMSUB|NUMPAT|SHARDCHANNELS|SHARDNUMSUB over the instances the caller may reach. */
function pubsub(session: ClientSession, cfg: CompiledConfig, caller: CompiledCaller, command: Command): void {
  const args = command.args();
  const sub = args[1]!.toString('latin1').toUpperCase();
  if ((sub === 'CHANNELS' || sub === 'SHARDCHANNELS') && args.length <= 3)
    return channels(session, cfg, caller, sub, args[2] ?? null);
  if (sub === 'NUMSUB' || sub === 'SHARDNUMSUB')
    return numsub(
      session,
      cfg,
      sub,
      args.slice(2).map((a) => a.toString('utf8')),
    );
  if (sub === 'NUMPAT' && args.length === 2) return numpat(session, cfg);
  session.reply(
    resp.error(
      `ERR unknown subcommand or wrong number of arguments for '${args[1]!.toString('utf8').slice(0, 64)}'. Try PUBSUB HELP.`,
    ),
  );
}

/** PUBSUB CHANNELS/NUMPAT ask every instance (a cluster answers for itself through its seed node's view). */
const everyInstance = (cfg: CompiledConfig): string[] => [...cfg.instances.keys()];

/** Sends one request to each instance; `done` gets the replies (null for a failed instance). */
function fanOut(
  session: ClientSession,
  cfg: CompiledConfig,
  requests: Map<string, Command>,
  done: (replies: Map<string, Buffer | null>) => void,
): void {
  const out = new Map<string, Buffer | null>();
  if (requests.size === 0) return done(out);
  let left = requests.size;
  for (const [instance, request] of requests) {
    session.ctx.upstream.send(cfg, instance, request, false, (buf, start, end) => {
      out.set(instance, buf[start] === 0x2d ? null : Buffer.from(buf.subarray(start, end)));
      if (--left === 0) done(out);
    });
  }
}

function channels(
  session: ClientSession,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  sub: string,
  pattern: Buffer | null,
): void {
  const request = Command.fromArgs(pattern === null ? ['PUBSUB', sub] : ['PUBSUB', sub, pattern]);
  const slot = session.reserve();
  fanOut(session, cfg, new Map(everyInstance(cfg).map((n) => [n, request])), (replies) => {
    const found: Buffer[] = [];
    for (const [instance, reply] of replies) {
      for (const el of (reply === null ? null : arrayElements(reply)) ?? []) {
        const k = decide(cfg, bulkText(el));
        if (Buffer.isBuffer(k) || k.write.targets[0] !== instance) continue;
        if (caller.keyTypes === null || caller.keyTypes.has(k.decision.keyType)) found.push(el);
      }
    }
    session.fillWhole(slot, resp.array(found));
  });
}

function numsub(session: ClientSession, cfg: CompiledConfig, sub: string, names: string[]): void {
  const byInstance = new Map<string, string[]>();
  for (const n of names) {
    const k = decide(cfg, n);
    if (Buffer.isBuffer(k)) continue;
    const list = byInstance.get(k.write.targets[0]!) ?? [];
    list.push(n);
    byInstance.set(k.write.targets[0]!, list);
  }
  const requests = new Map([...byInstance].map(([i, list]) => [i, Command.fromArgs(['PUBSUB', sub, ...list])]));
  const slot = session.reserve();
  fanOut(session, cfg, requests, (replies) => {
    const counts = new Map<string, Buffer>();
    for (const [instance, reply] of replies) {
      const els = (reply === null ? null : arrayElements(reply)) ?? [];
      const list = byInstance.get(instance)!;
      list.forEach((n, i) => counts.set(n, els[2 * i + 1] ?? resp.integer(0)));
    }
    session.fillWhole(slot, resp.array(names.flatMap((n) => [resp.bulk(n), counts.get(n) ?? resp.integer(0)])));
  });
}

/** Patterns are subscribed on every instance, so the largest count is the number of distinct subscriptions. */
function numpat(session: ClientSession, cfg: CompiledConfig): void {
  const request = Command.fromArgs(['PUBSUB', 'NUMPAT']);
  const slot = session.reserve();
  fanOut(session, cfg, new Map(everyInstance(cfg).map((n) => [n, request])), (replies) => {
    let max = 0;
    for (const r of replies.values()) max = Math.max(max, r === null ? 0 : (integerReply(r) ?? 0));
    session.fillWhole(slot, resp.integer(max));
  });
}
