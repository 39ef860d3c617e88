/**
 * What a version rollback may change (issue 14 #9). A rollback republishes an old snapshot,
 * so without these rules it would let anyone who may roll back undo any change:
 * - Caller secrets are never restored, for any role: a rollback keeps today's secret of every
 *   caller. A caller that no longer exists comes back *locked* (a hash of a random secret
 *   nobody knows), so a secret that was removed because it leaked stays dead; an admin
 *   rotates it to use the caller again.
 * - Model edits (regions, instances, codes, encoding rules, key types, callers, layout,
 *   limits) are admin-only procedures, so a non-admin rollback that would change any of
 *   them is refused. Operators change only the operational parts (degradation; failover and
 *   migrations have their own guards in versions-service).
 */
import { randomBytes } from 'node:crypto';
import { hashSecret } from '@switchyard/db/secret-hash';
import type { TConfigSnapshot } from '@switchyard/core';

/** Snapshot parts an operator may change; everything else is edited by admin-only procedures. */
const OPERATOR_PARTS: ReadonlySet<string> = new Set(['degradation', 'failover', 'migrations']);

export interface SecretsKept {
  snapshot: TConfigSnapshot;
  /** Callers that the target version has but today's does not: brought back with no usable secret. */
  lockedCallers: string[];
}

export async function keepTodaysSecrets(
  current: TConfigSnapshot | null,
  target: TConfigSnapshot,
): Promise<SecretsKept> {
  const today = new Map((current?.callers ?? []).map((c) => [c.name, c.secretHash]));
  const lockedCallers: string[] = [];
  const callers = await Promise.all(
    target.callers.map(async (caller) => {
      const kept = today.get(caller.name);
      if (kept !== undefined) return { ...caller, secretHash: kept };
      lockedCallers.push(caller.name);
      return { ...caller, secretHash: await hashSecret(randomBytes(32).toString('base64url')) };
    }),
  );
  return { snapshot: { ...target, callers }, lockedCallers };
}

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );

/**
 * The draft after a non-admin rollback: the admin's pending (unpublished) edits stay, and
 * only the operational parts come from the rolled-back snapshot.
 */
export function operationalPartsOf(target: TConfigSnapshot): (draft: TConfigSnapshot) => TConfigSnapshot {
  return (draft) => ({
    ...draft,
    degradation: target.degradation,
    failover: target.failover,
    migrations: target.migrations,
  });
}

/** Top-level parts that differ between today and the target and that only an admin may edit. */
export function adminOnlyChanges(current: TConfigSnapshot, target: TConfigSnapshot): string[] {
  const keys = new Set([...Object.keys(current), ...Object.keys(target)]);
  return [...keys]
    .filter((key) => !OPERATOR_PARTS.has(key))
    .filter(
      (key) => canonical(current[key as keyof TConfigSnapshot]) !== canonical(target[key as keyof TConfigSnapshot]),
    )
    .sort();
}
