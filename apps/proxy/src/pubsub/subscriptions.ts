/**
 * One client's channel, pattern and shard-channel subscriptions (issue 13 §4). A channel is
 * routed like a key and subscribed on the instance it routes to; patterns are subscribed on
 * every standalone instance, and a pattern message is delivered only for a channel the caller
 * may use that routes to the instance it came from. `reconcile` makes the backend connections
 * match that wanted state, for (un)subscribes and after a config swap (failover), so
 * subscribers keep receiving when a channel's instance changes.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { poolKey } from '../blocking/blocking-pool.ts';
import { decide } from '../routing/plan.ts';
import { reachable } from '../scan/reach.ts';
import type { ClientSession } from '../session/port.ts';
import type { Resubscribable } from './subscriber-budget.ts';
import { SubscriberConn, type PushedMessage } from './subscriber-conn.ts';

export type Family = 'channel' | 'pattern' | 'shard';

interface Live {
  conn: SubscriberConn;
  channel: Set<string>;
  pattern: Set<string>;
  shard: Set<string>;
}

const VERBS: Record<Family, [string, string]> = {
  channel: ['SUBSCRIBE', 'UNSUBSCRIBE'],
  pattern: ['PSUBSCRIBE', 'PUNSUBSCRIBE'],
  shard: ['SSUBSCRIBE', 'SUNSUBSCRIBE'],
};
const FAMILIES: readonly Family[] = ['channel', 'pattern', 'shard'];

export class Subscriptions implements Resubscribable {
  /** What the client is subscribed to, in subscription order. */
  readonly wanted: Record<Family, Set<string>> = { channel: new Set(), pattern: new Set(), shard: new Set() };
  private readonly live = new Map<string, Live>();
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly session: ClientSession) {
    session.ctx.pubsub.sessions.add(this);
  }

  get count(): number {
    return this.wanted.channel.size + this.wanted.pattern.size + this.wanted.shard.size;
  }

  /**
   * Makes the backend subscriptions match `wanted` under the current config; `done` gets the
   * first failure (e.g. the worker's subscriber-connection bound), after every confirmation.
   */
  reconcile(done: (error: string | null) => void = () => undefined): void {
    const cfg = this.session.ctx.holder.current?.compiled;
    if (cfg === undefined) return done('no config');
    const target = this.targets(cfg);
    let waiting = 1;
    let failure: string | null = null;
    const settle = (err: string | null): void => {
      failure ??= err;
      if (--waiting === 0) done(failure);
    };
    for (const [key, live] of this.live) {
      if (target.has(key)) continue;
      this.live.delete(key);
      live.conn.close();
      this.session.ctx.pubsub.closed();
    }
    for (const [key, want] of target) {
      const live = this.live.get(key) ?? this.open(key, want.instance);
      if (live === null) {
        failure ??= 'limit';
        continue;
      }
      for (const family of FAMILIES) {
        const add = [...want[family]].filter((n) => !live[family].has(n));
        const drop = [...live[family]].filter((n) => !want[family].has(n));
        for (const [names, verb] of [
          [add, VERBS[family][0]],
          [drop, VERBS[family][1]],
        ] as const) {
          if (names.length === 0) continue;
          for (const n of names) {
            if (verb === VERBS[family][0]) live[family].add(n);
            else live[family].delete(n);
          }
          waiting++;
          // Failures name the instance: "<instance>|<detail>" (pubsub-commands.ts formats it).
          live.conn.request([verb, ...names], names.length, (err) =>
            settle(err === null ? null : `${want.instance}|${err}`),
          );
        }
      }
    }
    settle(null);
  }

  /** Per backend connection key: its instance and what should be subscribed there. */
  private targets(cfg: CompiledConfig): Map<string, { instance: string } & Record<Family, Set<string>>> {
    const out = new Map<string, { instance: string } & Record<Family, Set<string>>>();
    // A Redis Cluster broadcasts classic PUBLISH to every node, so one seed node serves its
    // channels and patterns; sharded channels are refused on clusters (pubsub-commands.ts).
    const at = (name: string): (Record<Family, Set<string>> & { instance: string }) | null => {
      const instance = cfg.instances.get(name);
      if (instance === undefined) return null;
      const key = poolKey(instance);
      let t = out.get(key);
      if (t === undefined)
        out.set(key, (t = { instance: name, channel: new Set(), pattern: new Set(), shard: new Set() }));
      return t;
    };
    const caller = this.caller();
    for (const family of ['channel', 'shard'] as const) {
      for (const ch of this.wanted[family]) {
        const k = decide(cfg, ch);
        if (Buffer.isBuffer(k)) continue;
        // A caller that lost the key type (or was removed) by a swap stops receiving: fail closed.
        if (caller === null || (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType))) continue;
        at(k.write.targets[0]!)?.[family].add(ch);
      }
    }
    if (this.wanted.pattern.size > 0 && caller !== null) {
      // Patterns on every instance the caller's key types reach (clusters included).
      for (const name of reachable(cfg, caller)) {
        const t = at(name);
        if (t !== null) for (const p of this.wanted.pattern) t.pattern.add(p);
      }
    }
    return out;
  }

  private open(key: string, instanceName: string): Live | null {
    const ctx = this.session.ctx;
    const instance = ctx.holder.current!.compiled.instances.get(instanceName)!;
    if (!ctx.pubsub.tryOpen()) {
      ctx.stats.caps.note('pubsub_connections');
      return null;
    }
    const conn = new SubscriberConn(instance, key, this.onMessage, this.onLost, ctx.blocking.options.connectTimeoutMs);
    const live: Live = { conn, channel: new Set(), pattern: new Set(), shard: new Set() };
    this.live.set(key, live);
    return live;
  }

  private readonly onMessage = (conn: SubscriberConn, m: PushedMessage): void => {
    const live = this.live.get(conn.key);
    if (live === undefined || live.conn !== conn) return;
    if (m.kind === 'message' && !live.channel.has(m.channel)) return;
    if (m.kind === 'smessage' && !live.shard.has(m.channel)) return;
    if (m.kind === 'pmessage' && !this.mayReceive(conn.instance.name, m.channel)) return;
    const raw = m.raw;
    // RESP3: the same frame as a push.
    if (this.session.protocol === 3) raw[0] = 0x3e;
    this.session.reply(raw);
  };

  /** A pattern message is delivered for channels the caller may use, from the instance they route to. */
  private mayReceive(instance: string, channel: string): boolean {
    const caller = this.caller();
    const cfg = this.session.ctx.holder.current?.compiled;
    if (caller === null || cfg === undefined) return false;
    const k = decide(cfg, channel);
    if (Buffer.isBuffer(k)) return false;
    if (caller.keyTypes !== null && !caller.keyTypes.has(k.decision.keyType)) return false;
    return k.write.targets[0] === instance;
  }

  private caller(): CompiledCaller | null {
    const name = this.session.caller;
    return name === null ? null : (this.session.ctx.holder.current?.compiled.callers.get(name) ?? null);
  }

  /** A lost backend (instance down): forget it and retry every second until the config or the instance recovers. */
  private readonly onLost = (conn: SubscriberConn): void => {
    const live = this.live.get(conn.key);
    if (live === undefined || live.conn !== conn) return;
    this.live.delete(conn.key);
    this.session.ctx.pubsub.closed();
    this.scheduleRetry();
  };

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reconcile((err) => err !== null && this.scheduleRetry());
    }, 1000);
    this.retryTimer.unref();
  }

  resync(): void {
    this.reconcile((err) => err !== null && this.scheduleRetry());
  }

  close(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const live of this.live.values()) {
      live.conn.close();
      this.session.ctx.pubsub.closed();
    }
    this.live.clear();
    this.session.ctx.pubsub.sessions.delete(this);
  }
}
