/**
 * Which keys a migration moves. The same routing the proxy uses decides it, so backfill and
 * reconciliation cover exactly the keys the proxy dual-writes: the key must match a key
 * type, resolve (after deployed/bottom) to the migration's code, and, for a doubling split,
 * carry a meeting ID with `mid % modulo == remainder` (DESIGN §7, seed 001 §7.1).
 */
import {
  compileConfig,
  isRouteFailure,
  routeKey,
  type CompiledConfig,
  type TConfigSnapshot,
  type TMigration,
} from '@switchyard/core';
import type { KeyClass, KeyScope } from '../shared/types.ts';

const DIGITS = /^[0-9]{1,20}$/;

export function scopeFromConfig(config: CompiledConfig | TConfigSnapshot, migration: TMigration): KeyScope {
  const cfg = 'matcher' in config ? config : compileConfig(config);
  // One frozen class per key type: classify() runs once per scanned key.
  const classes = new Map<string, KeyClass>(
    cfg.snapshot.keyTypes.map((kt) => [
      kt.name,
      Object.freeze({ keyType: kt.name, valueFormat: kt.valueFormat, dataType: kt.dataType }),
    ]),
  );
  const modulo = migration.scope ? BigInt(migration.scope.modulo) : null;
  const remainder = migration.scope ? BigInt(migration.scope.remainder) : 0n;
  return {
    classify(key: string): KeyClass | null {
      const decision = routeKey(cfg, key);
      if (isRouteFailure(decision) || decision.code !== migration.code) return null;
      if (modulo !== null) {
        // Only a split needs the meeting ID itself; unscoped migrations skip the second match.
        const match = cfg.matcher.match(key);
        const group = match === null ? null : cfg.keyRoutes[match.compiled.index]!.midGroup;
        const text = group === null ? undefined : match!.groups[group];
        if (text === undefined || !DIGITS.test(text)) return null;
        if (BigInt(text) % modulo !== remainder) return null;
      }
      return classes.get(decision.keyType) ?? null;
    },
  };
}

/** Every key, one class: for tools and benchmarks that move a whole instance. */
export function scopeAll(keyClass: KeyClass = { keyType: 'all', valueFormat: 'plain' }): KeyScope {
  const frozen = Object.freeze({ ...keyClass });
  return { classify: () => frozen };
}
