/** Which keys the local cache covers under one config object, and for how long. */
import type { CompiledConfig, TCacheTier } from '@switchyard/core';
import { proxyErrorOf, type ProxyErrorCode } from '../errors.ts';
import { perConfig } from '../routing/per-config.ts';

/** True when some key type has a cache tier (else reads and writes skip the cache entirely). */
export const cacheEnabled = perConfig((cfg): boolean => cfg.snapshot.keyTypes.some((kt) => kt.cacheTier !== 'none'));

export function ttlOf(cfg: CompiledConfig, tier: Exclude<TCacheTier, 'none'>): number {
  return cfg.snapshot.cacheTiers[tier].ttlMs;
}

const BACKEND_FAILURES: ReadonlySet<ProxyErrorCode> = new Set([
  'BACKEND_DOWN',
  'BACKEND_TIMEOUT',
  'BACKEND_TIMEOUT_WRITE',
  'CIRCUIT_OPEN',
]);

/**
 * The proxy's own "backend unavailable / timed out / circuit open" replies, told by their
 * catalog code: the cases where an expired entry may be served stale. Redis's errors
 * (WRONGTYPE, ...) and the proxy's other refusals never are.
 */
export function isBackendFailure(buf: Buffer, start: number, end: number): boolean {
  const tag = proxyErrorOf(buf, start, end);
  return tag !== undefined && BACKEND_FAILURES.has(tag.code);
}
