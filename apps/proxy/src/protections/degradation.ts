/**
 * Degradation rules (seed 001 §3.5): drop a configured ratio of a caller's or an exact key's
 * requests at random, each request with the same chance. Compiled once per config object so
 * the common case (no rules) costs one size check.
 */
import type { CompiledConfig } from '@switchyard/core';

export interface DropRule {
  /** What the client and the counters see: `caller demo`, `key stable_123`. */
  readonly label: string;
  readonly name: string;
  readonly ratio: number;
  /** Epoch ms; Infinity when the rule does not expire. */
  readonly expiresAt: number;
}

export interface CompiledDrops {
  readonly callers: ReadonlyMap<string, DropRule>;
  readonly keys: ReadonlyMap<string, DropRule>;
}

const memo = new WeakMap<CompiledConfig, CompiledDrops>();

export function dropsOf(cfg: CompiledConfig): CompiledDrops {
  let drops = memo.get(cfg);
  if (drops === undefined) {
    const now = Date.now();
    const live = <T extends { ratio: number; expiresAt?: string | undefined }>(r: T): boolean =>
      r.ratio > 0 && expiry(r.expiresAt) > now;
    const { callers, keys } = cfg.snapshot.degradation;
    drops = {
      callers: new Map(
        callers
          .filter(live)
          .map((r) => [
            r.caller,
            { label: `caller ${r.caller}`, name: r.caller, ratio: r.ratio, expiresAt: expiry(r.expiresAt) },
          ]),
      ),
      keys: new Map(
        keys
          .filter(live)
          .map((r) => [r.key, { label: `key ${r.key}`, name: r.key, ratio: r.ratio, expiresAt: expiry(r.expiresAt) }]),
      ),
    };
    memo.set(cfg, drops);
  }
  return drops;
}

const expiry = (at: string | undefined): number => (at === undefined ? Infinity : Date.parse(at));

/** True when this request falls in the dropped share of a rule still in force. */
export function drawDrop(rule: DropRule): boolean {
  if (rule.expiresAt !== Infinity && rule.expiresAt <= Date.now()) return false;
  return Math.random() < rule.ratio;
}
