/** Which keys the local cache covers under one config object, and for how long. */
import type { CompiledConfig, TCacheTier } from '@switchyard/core';

const enabled = new WeakMap<CompiledConfig, boolean>();

/** True when some key type has a cache tier (else reads and writes skip the cache entirely). */
export function cacheEnabled(cfg: CompiledConfig): boolean {
  let on = enabled.get(cfg);
  if (on === undefined) {
    on = cfg.snapshot.keyTypes.some((kt) => kt.cacheTier !== 'none');
    enabled.set(cfg, on);
  }
  return on;
}

export function ttlOf(cfg: CompiledConfig, tier: Exclude<TCacheTier, 'none'>): number {
  return cfg.snapshot.cacheTiers[tier].ttlMs;
}

const FAILURE_PREFIX = Buffer.from('-ERR SWITCHYARD ');

/**
 * The proxy's own "backend unavailable / timed out / circuit open" replies: the cases where
 * an expired entry may be served stale. Redis's errors (WRONGTYPE, ...) never are.
 */
export function isBackendFailure(buf: Buffer, start: number, end: number): boolean {
  const n = FAILURE_PREFIX.length;
  if (end - start <= n || buf.compare(FAILURE_PREFIX, 0, n, start, start + n) !== 0) return false;
  const c = buf[start + n];
  // "backend ..." or "circuit open ..."
  return c === 98 || c === 99;
}
