/**
 * A write through this proxy drops the written keys' local entries at once (so in-flight
 * fills are ignored) and again when the write is answered, then publishes them so every
 * other worker drops its copy (invalidation-bus.ts). Only keys of cached key types count.
 */
import type { CompiledConfig } from '@switchyard/core';
import type { ReplyFilter, SendPlan } from '../upstream/send.ts';
import type { Guard } from '../worker-state.ts';
import type { Command } from '../resp/command.ts';
import { commandSpec, keyIndices, type CommandSpec } from '../routing/command-table.ts';
import { decide } from '../routing/plan.ts';
import { cacheEnabled } from './cache-policy.ts';

/** The filter to pass with the write, or null when no written key is cached. */
export function invalidateWrite(
  g: Guard,
  cfg: CompiledConfig,
  spec: CommandSpec,
  plan: SendPlan,
  command: Command,
): ReplyFilter | null {
  if (!cacheEnabled(cfg)) return null;
  const keys = cachedKeysOf(cfg, spec, plan, command);
  if (keys === null) return null;
  for (const k of keys) g.cache.invalidate(k);
  return () => {
    for (const k of keys) {
      g.cache.invalidate(k);
      g.bus.publish(k);
    }
    return null;
  };
}

function cachedKeysOf(cfg: CompiledConfig, spec: CommandSpec, plan: SendPlan, command: Command): string[] | null {
  // The common single-key write: the plan already holds the key's decision.
  if (plan.kind === 'forward' && spec.fixedKeys?.length === 1)
    return plan.decision.cacheTier === 'none' ? null : [plan.key];
  const indices = keyIndices(spec, command) ?? [];
  if (plan.kind === 'forward' && indices.length === 1) return plan.decision.cacheTier === 'none' ? null : [plan.key];
  let keys: string[] | null = null;
  for (const at of indices) {
    const key = command.text(at);
    const routing = decide(cfg, key);
    if (!Buffer.isBuffer(routing) && routing.decision.cacheTier !== 'none') (keys ??= []).push(key);
  }
  return keys;
}

/** How long after EXEC is dispatched its keys are invalidated again (its reply is not hooked). */
const EXEC_SETTLE_MS = 50;

/**
 * Writes queued in MULTI: EXEC's reply is not observed here, so the written keys are
 * invalidated and published when EXEC is dispatched and once more shortly after, which covers
 * a read that refilled an old value while the transaction was on its way.
 */
export function invalidateQueued(
  g: Guard,
  cfg: CompiledConfig,
  queued: ReadonlyArray<{ name: string; command: Command }>,
): void {
  if (!cacheEnabled(cfg)) return;
  const keys: string[] = [];
  for (const q of queued) {
    const spec = commandSpec(q.name);
    if (spec === undefined || !spec.write) continue;
    for (const at of keyIndices(spec, q.command) ?? []) {
      const key = q.command.text(at);
      const routing = decide(cfg, key);
      if (!Buffer.isBuffer(routing) && routing.decision.cacheTier !== 'none') keys.push(key);
    }
  }
  if (keys.length === 0) return;
  const drop = (): void => {
    for (const k of keys) {
      g.cache.invalidate(k);
      g.bus.publish(k);
    }
  };
  drop();
  setTimeout(drop, EXEC_SETTLE_MS).unref();
}
