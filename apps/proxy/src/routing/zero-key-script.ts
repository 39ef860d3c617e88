/**
 * Zero-key scripts (EVAL/EVALSHA/EVAL_RO/EVALSHA_RO/FCALL/FCALL_RO with numkeys 0) have no key
 * to route by. Redis Cluster runs them on the node the client is connected to; the proxy's
 * documented route is the caller's one instance: when every key type the caller may access
 * reaches a single instance (homes, failover targets and migration sides included), all of its
 * keys live there, so the script runs there (as the caller's script user, issue 14). A caller
 * that reaches several instances gets NO_KEYS: there is no single right place.
 */
import type { CompiledCaller, CompiledConfig, KeyDecision } from '@switchyard/core';
import { reachableInstances } from './reach.ts';

const memo = new WeakMap<CompiledConfig, Map<string, KeyDecision | null>>();

/** The route of a zero-key script for this caller, or null when it reaches several instances. */
export function zeroKeyScriptDecision(cfg: CompiledConfig, caller: CompiledCaller): KeyDecision | null {
  let byCaller = memo.get(cfg);
  if (byCaller === undefined) {
    byCaller = new Map();
    memo.set(cfg, byCaller);
  }
  const hit = byCaller.get(caller.name);
  if (hit !== undefined) return hit;
  const reach = reachableInstances(cfg, caller);
  const instance = reach.length === 1 ? reach[0]! : null;
  const decision: KeyDecision | null =
    instance === null
      ? null
      : Object.freeze({
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
  byCaller.set(caller.name, decision);
  return decision;
}
