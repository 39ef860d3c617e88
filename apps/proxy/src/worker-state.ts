/**
 * Everything DESIGN §8 keeps per worker process, in one object on the proxy context:
 * admission checks, breakers, the local cache and its invalidation feed, hot/big-key
 * detection and the request counters. `snapshot()` is what /metrics and heartbeats read.
 */
import type { CompiledConfig } from '@switchyard/core';
import { InvalidationBus } from './cache/invalidation-bus.ts';
import { LocalCache } from './cache/local-cache.ts';
import { BigKeys } from './telemetry/big-keys.ts';
import { HotKeys, type HotKeyOptions } from './telemetry/hot-keys.ts';
import type { Logger } from './telemetry/log.ts';
import { RequestMetrics } from './telemetry/request-metrics.ts';
import type { TelemetrySnapshot } from './telemetry/telemetry.ts';
import { Breakers, type BreakerOptions } from './upstream/circuit-breaker.ts';
import { Protections } from './protections/protections.ts';
import { ShadowReads } from './migration/shadow-counters.ts';

export interface GuardOptions {
  breaker: BreakerOptions;
  hotKeys: HotKeyOptions;
  bigRequestBytes: number;
  bigReplyBytes: number;
  /** Instance name of the control instance (pub/sub invalidation). */
  controlInstance: string;
  invalidationChannel: string;
  log: Logger;
}

export class Guard {
  readonly metrics = new RequestMetrics();
  readonly protections = new Protections(this.metrics);
  readonly breakers: Breakers;
  readonly cache = new LocalCache(64 * 1024 * 1024);
  readonly hotKeys: HotKeys;
  readonly bigKeys: BigKeys;
  readonly bus: InvalidationBus;
  /** Shadow-read compare during gray read (pipeline/shadowed-reads.ts, counted in migration/shadow-counters.ts). */
  readonly shadow = new ShadowReads();
  private fingerprint = '';
  /** Counts sends, for latency sampling (upstream/send.ts). */
  latencyTick = 0;

  constructor(o: GuardOptions) {
    this.breakers = new Breakers(o.breaker, (instance, state) =>
      o.log.log(state === 'closed' ? 'info' : 'warn', 'circuit_breaker', { instance, state }),
    );
    this.hotKeys = new HotKeys(o.hotKeys);
    this.protections.hotKeys = () => this.hotKeys.top();
    this.bigKeys = new BigKeys(o.bigRequestBytes, o.bigReplyBytes);
    this.bus = new InvalidationBus({
      channel: o.invalidationChannel,
      instance: o.controlInstance,
      log: o.log,
      onKeys: (keys) => {
        for (const k of keys) this.cache.invalidate(k);
      },
      onResync: () => this.cache.clear(),
    });
  }

  /**
   * A new config: its byte bound and control instance. Cached replies survive a change of
   * drops, limits or callers only (adding a drop rule for a hot key must not flush the cache
   * that shields Redis from it); any change to routing or tiers drops them.
   */
  retain(cfg: CompiledConfig): void {
    this.cache.resize(cfg.snapshot.cacheTiers.maxBytes);
    const fingerprint = cacheFingerprint(cfg);
    if (fingerprint !== this.fingerprint) this.cache.clear();
    this.fingerprint = fingerprint;
    this.bus.retain(cfg);
  }

  snapshot(): TelemetrySnapshot {
    const p = this.protections;
    const c = this.cache;
    const trips: Record<string, number> = {};
    for (const [name, b] of this.breakers.all()) trips[name] = b.trips;
    return {
      series: this.metrics.snapshot(),
      drops: {
        callers: Object.fromEntries(p.droppedCallers),
        keys: Object.fromEntries(p.droppedKeys),
        throttles: Object.fromEntries(p.throttles.counts),
      },
      cache: {
        hits: c.hits,
        misses: c.misses,
        staleServes: c.staleServes,
        invalidations: c.invalidations,
        entries: c.size,
        bytes: c.bytes,
      },
      breakers: this.breakers.states(),
      breakerTrips: trips,
      inFlight: p.inFlight,
      hotKeys: this.hotKeys.top(),
      bigKeys: this.bigKeys.snapshot(),
      shadow: this.shadow.snapshot(),
    };
  }

  close(): void {
    this.hotKeys.close();
    this.bus.close();
  }
}

/** Everything in a snapshot that decides which value a cached key holds, or for how long. */
function cacheFingerprint(cfg: CompiledConfig): string {
  const { degradation: _d, limits: _l, callers: _c, ...rest } = cfg.snapshot;
  return JSON.stringify(rest);
}
