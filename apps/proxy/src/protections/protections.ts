/**
 * DESIGN §8 admission checks, run per command before routing: degradation drops (caller, then
 * exact key), the caller's QPS limit, the worker's global QPS cap and the in-flight bound.
 * Each refusal is an error reply from the catalog and is counted. Circuit breakers act per
 * backend call (upstream/upstream.ts), not here.
 */
import type { CompiledCaller, CompiledConfig } from '@switchyard/core';
import { errorReply } from '../errors.ts';
import type { RequestMetrics } from '../telemetry/request-metrics.ts';
import type { Command } from '../resp/command.ts';
import { keyIndices, type CommandSpec } from '../routing/command-table.ts';
import type { Plan } from '../routing/plan.ts';
import type { BigKeys } from '../telemetry/big-keys.ts';
import { drawDrop, dropsOf, type DropRule } from './degradation.ts';
import { TokenBucket } from './token-bucket.ts';
import { Throttles, throttlesOf } from './throttle.ts';
import type { HotKey } from '../telemetry/hot-keys.ts';

export class Protections {
  /** Requests sent to a backend and not yet answered, in this worker. */
  inFlight = 0;
  /** Drops by rule name (caller name / exact key), cumulative. */
  readonly droppedCallers = new Map<string, number>();
  readonly droppedKeys = new Map<string, number>();
  /** Hot-key throttle refusals by rule key (seed 003 level 1). */
  readonly throttles = new Throttles();
  /** The last hot-key window of this worker (set by the Guard), for automatic throttles. */
  hotKeys: () => readonly HotKey[] = () => [];
  private readonly callerBuckets = new Map<string, TokenBucket>();
  private globalBucket: TokenBucket | null = null;

  constructor(private readonly metrics: RequestMetrics) {}

  check(cfg: CompiledConfig, caller: CompiledCaller, spec: CommandSpec, command: Command): Buffer | null {
    const drops = dropsOf(cfg);
    if (drops.callers.size > 0) {
      const rule = drops.callers.get(caller.name);
      if (rule !== undefined && drawDrop(rule)) return this.drop(this.droppedCallers, rule, caller, spec);
    }
    if (drops.keys.size > 0) {
      for (const at of keyIndices(spec, command) ?? []) {
        const rule = drops.keys.get(command.text(at));
        if (rule !== undefined && drawDrop(rule)) return this.drop(this.droppedKeys, rule, caller, spec);
      }
    }
    const throttles = this.throttles.effective(cfg, throttlesOf(cfg), this.hotKeys());
    if (throttles.size > 0) {
      const rule = this.throttles.check(throttles, spec, command);
      if (rule !== null) {
        this.metrics.series(caller.name, spec.name, '-').add('limited');
        return errorReply('THROTTLED', rule.label);
      }
    }
    const limits = cfg.snapshot.limits;
    if (caller.qpsLimit !== undefined || limits.globalQps !== undefined) {
      const refusal = this.rateLimit(caller, limits.globalQps);
      if (refusal !== null) {
        this.metrics.series(caller.name, spec.name, '-').add('limited');
        return refusal;
      }
    }
    if (this.inFlight >= limits.maxInFlight) {
      this.metrics.series(caller.name, spec.name, '-').add('busy');
      return errorReply('BUSY', limits.maxInFlight);
    }
    return null;
  }

  private drop(counts: Map<string, number>, rule: DropRule, caller: CompiledCaller, spec: CommandSpec): Buffer {
    counts.set(rule.name, (counts.get(rule.name) ?? 0) + 1);
    this.metrics.series(caller.name, spec.name, '-').add('dropped');
    return errorReply('DEGRADED', rule.label);
  }

  private rateLimit(caller: CompiledCaller, globalQps: number | undefined): Buffer | null {
    const now = performance.now();
    if (caller.qpsLimit !== undefined) {
      let bucket = this.callerBuckets.get(caller.name);
      if (bucket === undefined || bucket.rate !== caller.qpsLimit) {
        bucket = new TokenBucket(caller.qpsLimit, now);
        this.callerBuckets.set(caller.name, bucket);
      }
      if (!bucket.take(now)) return errorReply('RATE_LIMITED', `caller ${caller.name}`);
    }
    if (globalQps !== undefined) {
      if (this.globalBucket === null || this.globalBucket.rate !== globalQps)
        this.globalBucket = new TokenBucket(globalQps, now);
      if (!this.globalBucket.take(now)) return errorReply('RATE_LIMITED', 'global');
    }
    return null;
  }
}

/** The seam dispatch calls before routing: an error reply to refuse the command, else null. */
export function checkProtections(
  protections: Protections,
  cfg: CompiledConfig,
  caller: CompiledCaller,
  spec: CommandSpec,
  command: Command,
): Buffer | null {
  return protections.check(cfg, caller, spec, command);
}

/** Records an oversized request under its (first) key. */
export function noteBigRequest(bigKeys: BigKeys, name: string, plan: Plan, command: Command): void {
  const key = plan.kind === 'forward' ? plan.key : command.argc > 1 ? command.text(1) : '';
  bigKeys.record(key, command.end - command.start, name, 'request');
}
