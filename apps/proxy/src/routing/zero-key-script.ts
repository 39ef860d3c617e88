/**
 * Zero-key scripts (EVAL/EVALSHA/EVAL_RO/EVALSHA_RO/FCALL/FCALL_RO with numkeys 0) have no key
 * to route by. Redis Cluster runs them on the node the client is connected to; the proxy's
 * documented route is the caller's one instance: when every key type the caller may access
 * reaches a single instance (homes, failover targets and migration sides included), all of its
 * keys live there, so the script runs there (as the caller's script user, issue 14). A caller
 * that reaches several instances gets NO_KEYS: there is no single right place.
 */
import type { CompiledCaller, KeyDecision } from '@switchyard/core';
import { perConfigAndCaller } from './per-config.ts';
import { reachableInstances } from './reach.ts';

/** The route of a zero-key script for this caller, or null when it reaches several instances. */
export const zeroKeyScriptDecision = perConfigAndCaller((cfg, caller: CompiledCaller): KeyDecision | null => {
  const reach = reachableInstances(cfg, caller);
  if (reach.length !== 1) return null;
  const instance = reach[0]!;
  return Object.freeze({
    key: '',
    keyType: '',
    code: null,
    read: instance,
    writes: [instance],
    dualWrite: false,
    grayRead: false,
    failover: null,
    migration: null,
    localReads: null,
    readPolicy: 'primary',
    cacheTier: 'none',
    valueFormat: 'plain',
    reasons: ['a zero-key script runs on the one instance the caller reaches'],
  });
});
