/**
 * Migration phases as routing outcomes (DESIGN §7, seed 001 §8). The write lists are built
 * once per migration and shared, so a routed key allocates no arrays for them.
 */
import type { TMigration } from '../config/schema.ts';
import { inPercent } from '../bucket.ts';

export interface CompiledMigration {
  readonly migration: TMigration;
  readonly scopeModulo: bigint | null;
  readonly scopeRemainder: bigint;
  readonly oldThenNew: readonly string[];
  readonly newThenOld: readonly string[];
  readonly onlyOld: readonly string[];
  readonly onlyNew: readonly string[];
  readonly label: string;
  readonly notAppliedReason: string;
}

export interface MigrationOutcome {
  read: string;
  writes: readonly string[];
  grayRead: boolean;
  reason: string;
}

export function compileMigration(m: TMigration): CompiledMigration {
  const scope = m.scope ? ` scope mid % ${m.scope.modulo} == ${m.scope.remainder}` : '';
  const label = `migration '${m.id}' (${m.from}→${m.to}, code ${m.code}${scope})`;
  return Object.freeze({
    migration: m,
    scopeModulo: m.scope ? BigInt(m.scope.modulo) : null,
    scopeRemainder: m.scope ? BigInt(m.scope.remainder) : 0n,
    oldThenNew: Object.freeze([m.from, m.to]),
    newThenOld: Object.freeze([m.to, m.from]),
    onlyOld: Object.freeze([m.from]),
    onlyNew: Object.freeze([m.to]),
    label,
    notAppliedReason: `${label} not applied: a failover override beats migrations`,
  });
}

/** Keys with no meeting ID are covered only by unscoped migrations. */
export function covers(cm: CompiledMigration, mid: bigint | null): boolean {
  if (cm.scopeModulo === null) return true;
  return mid !== null && mid % cm.scopeModulo === cm.scopeRemainder;
}

/** `bucketOf` is called only by the phases that bucket, so other phases skip the hash. */
export function applyMigration(cm: CompiledMigration, bucketOf: () => number): MigrationOutcome {
  const m = cm.migration;
  switch (m.phase) {
    case 'DUAL_WRITE':
    case 'BACKFILL':
    case 'RECONCILE':
      return {
        read: m.from,
        writes: cm.oldThenNew,
        grayRead: false,
        reason: `${cm.label} in ${m.phase}: read old, write old then new`,
      };
    case 'GRAY_READ': {
      const b = bucketOf();
      const toNew = inPercent(b, m.grayReadPercent);
      const side = toNew ? 'new' : 'old';
      return {
        read: toNew ? m.to : m.from,
        writes: cm.oldThenNew,
        grayRead: toNew,
        reason: `${cm.label} in GRAY_READ ${m.grayReadPercent}%: bucket ${b} reads ${side}; write old then new`,
      };
    }
    case 'WRITE_ORDER_SWITCH':
      return {
        read: m.to,
        writes: cm.newThenOld,
        grayRead: false,
        reason: `${cm.label} in WRITE_ORDER_SWITCH: read new, write new then old`,
      };
    case 'STOP_DUAL_WRITE': {
      const b = bucketOf();
      const stopped = inPercent(b, m.stopDualWritePercent);
      const writes = stopped ? cm.onlyNew : cm.newThenOld;
      const what = stopped ? 'writes new only' : 'still writes new then old';
      return {
        read: m.to,
        writes,
        grayRead: false,
        reason: `${cm.label} in STOP_DUAL_WRITE ${m.stopDualWritePercent}%: bucket ${b} ${what}; read new`,
      };
    }
    case 'DONE':
      return { read: m.to, writes: cm.onlyNew, grayRead: false, reason: `${cm.label} DONE: read and write new` };
    case 'ABORTED':
      return { read: m.from, writes: cm.onlyOld, grayRead: false, reason: `${cm.label} ABORTED: read and write old` };
  }
}
