/**
 * Hot-key throttling (seed 003 level 1, "hotspot control for accounts with excessive
 * repeated requests"): an exact key's requests above the rule's QPS are refused, the rest
 * pass. Unlike a drop rule (a random share of every request), a token bucket per key cuts
 * only the excess. The limit is per worker process, like a caller's `qpsLimit`: a worker
 * cannot know how many of its peers are alive at this instant, and dividing by a stale
 * count would throttle more than the operator asked (docs/SEED-003.md).
 */
import { perConfig } from '../routing/per-config.ts';
import type { CompiledConfig } from '@switchyard/core';
import type { Command } from '../resp/command.ts';
import { keyIndices, type CommandSpec } from '../routing/command-table.ts';
import type { HotKey } from '../telemetry/hot-keys.ts';
import { TokenBucket } from './token-bucket.ts';

export interface ThrottleRule {
  /** What the client and the counters see: `key stable_123`. */
  readonly label: string;
  readonly key: string;
  readonly qps: number;
  /** Epoch ms; Infinity when the rule does not expire. */
  readonly expiresAt: number;
}

const EMPTY: ReadonlyMap<string, ThrottleRule> = new Map();
/** The config's live throttle rules by exact key, compiled once per config object. */
export const throttlesOf = perConfig((cfg): ReadonlyMap<string, ThrottleRule> => {
  const now = Date.now();
  const live = (cfg.snapshot.degradation.throttles ?? [])
    .map((t) => ({
      label: `key ${t.key}`,
      key: t.key,
      qps: t.qps,
      expiresAt: t.expiresAt === undefined ? Infinity : Date.parse(t.expiresAt),
    }))
    .filter((r) => r.expiresAt > now);
  return live.length === 0 ? EMPTY : new Map(live.map((r) => [r.key, r]));
});

export class Throttles {
  /** Refusals by rule key, cumulative. */
  readonly counts = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();
  private rulesSeen: ReadonlyMap<string, ThrottleRule> = EMPTY;
  private autoFrom: { rules: ReadonlyMap<string, ThrottleRule>; hot: readonly HotKey[]; cfg: CompiledConfig } | null =
    null;
  private autoRules: ReadonlyMap<string, ThrottleRule> = EMPTY;

  /**
   * The config's rules plus automatic ones (`degradation.autoThrottle`): every key the last
   * hot-key window measured above the threshold in this worker. Rebuilt only when the rules
   * or the hot-key window change, so a request pays two pointer compares.
   */
  effective(
    cfg: CompiledConfig,
    rules: ReadonlyMap<string, ThrottleRule>,
    hot: readonly HotKey[],
  ): ReadonlyMap<string, ThrottleRule> {
    const auto = cfg.snapshot.degradation.autoThrottle;
    if (auto === undefined) return rules;
    const from = this.autoFrom;
    if (from !== null && from.rules === rules && from.hot === hot && from.cfg === cfg) return this.autoRules;
    const merged = new Map(rules);
    for (const h of hot) {
      if (h.qps > auto.aboveQps && !merged.has(h.key))
        merged.set(h.key, { label: `auto key ${h.key}`, key: h.key, qps: auto.qps, expiresAt: Infinity });
    }
    this.autoFrom = { rules, hot, cfg };
    this.autoRules = merged.size === 0 ? EMPTY : merged;
    return this.autoRules;
  }

  /** The rule that refuses this command, or null. Only called when `rules` is not empty. */
  check(rules: ReadonlyMap<string, ThrottleRule>, spec: CommandSpec, command: Command): ThrottleRule | null {
    if (rules !== this.rulesSeen) this.prune(rules);
    const at = keyIndices(spec, command);
    if (at === null) return null;
    for (const i of at) {
      const rule = rules.get(command.text(i));
      if (rule === undefined) continue;
      const now = performance.now();
      if (rule.expiresAt !== Infinity && rule.expiresAt <= Date.now()) continue;
      let bucket = this.buckets.get(rule.key);
      if (bucket === undefined || bucket.rate !== rule.qps) {
        bucket = new TokenBucket(rule.qps, now);
        this.buckets.set(rule.key, bucket);
      }
      if (!bucket.take(now)) {
        this.counts.set(rule.key, (this.counts.get(rule.key) ?? 0) + 1);
        return rule;
      }
    }
    return null;
  }

  /** A new rule set: buckets of keys no longer throttled go, so memory is bounded by the rules. */
  private prune(rules: ReadonlyMap<string, ThrottleRule>): void {
    for (const key of this.buckets.keys()) if (!rules.has(key)) this.buckets.delete(key);
    this.rulesSeen = rules;
  }
}
