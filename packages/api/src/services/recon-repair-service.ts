/**
 * The reconciliation's differing keys (ReconDifference rows the migrator writes), an
 * operator's repair of one or all of them in a chosen direction, and "re-run now".
 * Repairs never pick a side on their own: the operator names the direction and a reason,
 * and each key is written by a CAS on the digest the reconciliation saw, so a write that
 * landed since is never clobbered (the key is reported 'conflict'; re-run and look again).
 */
import { isMigrationPhase, phaseTraits, RECON_PHASE_SPAN } from '@switchyard/core';
import { repairFrom, type Side } from '@switchyard/migration';
import type { ReconDifference } from '@switchyard/db/types';
import type { ApiDeps } from '../deps.ts';
import { ApiError, apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import type { TReconDifferencesResponse, TReconDifferenceView } from '../routers/recon/differences.types.ts';
import type { TReconRepairRequest, TReconRepairResponse } from '../routers/recon/repair.types.ts';
import type { TReconRerunResponse } from '../routers/recon/rerun.types.ts';
import { writeAudit } from './audit-service.ts';
import { classify, filtersFor } from './recon-filter-service.ts';
import { withRuntime } from './migration-control.ts';
import { latestSnapshot } from './publish-service.ts';

/** Phases in which the migrator runs reconciliation rounds (apps/migrator jobFor). */
/** Keys one "repair all" touches at most (a run describes at most 1000). */
const MAX_REPAIR_KEYS = 1000;

function differenceView(r: ReconDifference): TReconDifferenceView {
  return {
    id: r.id,
    direction: r.direction === 'reverse' ? 'reverse' : 'forward',
    key: r.key,
    keyType: r.keyType,
    why: r.why,
    detail: r.detail,
    old: { type: r.oldType, ttlMs: Number(r.oldTtlMs), value: r.oldValue },
    new: { type: r.newType, ttlMs: Number(r.newTtlMs), value: r.newValue },
    foundAt: r.foundAt.toISOString(),
  };
}

export async function reconDifferences(db: Db, id: string, limit: number): Promise<TReconDifferencesResponse> {
  const [rows, pending, filters] = await Promise.all([
    db.reconDifference.findMany({ where: { migrationId: id }, orderBy: [{ key: 'asc' }, { direction: 'asc' }] }),
    db.reconRequest.count({ where: { migrationId: id, pickedAt: null } }),
    filtersFor(db, id),
  ]);
  // Filters apply when serving, so removing one brings its differences back (rows are kept).
  const names = classify(filters, rows);
  const open = rows.filter((_, i) => names[i] === null);
  const accepted = rows.flatMap((r, i) => (names[i] === null ? [] : [{ ...differenceView(r), filter: names[i]! }]));
  return {
    differences: open.slice(0, limit).map(differenceView),
    total: open.length,
    filtered: accepted.slice(0, limit),
    filteredTotal: accepted.length,
    rerunPending: pending > 0,
  };
}

async function audited<T>(
  deps: ApiDeps,
  entry: { actor: string; action: string; target: string; reason: string },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const after =
      error instanceof ApiError ? { error: error.code, message: error.message } : { message: (error as Error).message };
    await writeAudit(deps.db, { ...entry, outcome: 'error', after });
    throw error;
  }
}

export async function requestRerun(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; reason: string },
): Promise<TReconRerunResponse> {
  const entry = { actor: actor.email, action: 'recon.rerun', target: input.id, reason: input.reason };
  return audited(deps, entry, async () => {
    const row = await deps.db.migration.findUnique({ where: { id: input.id } });
    if (!row) throw apiError('NOT_FOUND', `no migration '${input.id}'`);
    if (!isMigrationPhase(row.phase) || !phaseTraits(row.phase).recon) {
      throw apiError(
        'RECON_NOT_RUNNING',
        `${input.id} is in ${row.phase}; reconciliation runs from ${RECON_PHASE_SPAN}`,
      );
    }
    const req = await deps.db.reconRequest.create({
      data: { migrationId: input.id, requestedBy: actor.email, reason: input.reason },
    });
    await writeAudit(deps.db, { ...entry, outcome: 'ok', after: { requestId: req.id } });
    return { requestId: req.id, requestedAt: req.requestedAt.toISOString() };
  });
}

/** The newest row per key (a key can differ in both directions' runs). */
function newestPerKey(rows: ReconDifference[]): ReconDifference[] {
  const byKey = new Map<string, ReconDifference>();
  for (const r of rows) {
    const known = byKey.get(r.key);
    if (!known || known.foundAt < r.foundAt) byKey.set(r.key, r);
  }
  return [...byKey.values()];
}

export async function repairDifferences(
  deps: ApiDeps,
  actor: Actor,
  input: TReconRepairRequest,
): Promise<TReconRepairResponse> {
  const target = input.all ? `${input.id} (all keys)` : `${input.id}/${input.key ?? ''}`;
  const entry = { actor: actor.email, action: 'recon.repair', target, reason: input.reason };
  return audited(deps, entry, async () => {
    const rows = newestPerKey(
      await deps.db.reconDifference.findMany({
        where: { migrationId: input.id, ...(input.all ? {} : { key: input.key ?? '' }) },
        orderBy: { foundAt: 'desc' },
        take: MAX_REPAIR_KEYS * 2,
      }),
    ).slice(0, MAX_REPAIR_KEYS);
    if (rows.length === 0)
      throw apiError(
        'RECON_NO_DIFFERENCE',
        input.all
          ? `migration '${input.id}' has no differing keys`
          : `'${input.key ?? ''}' is not a differing key of '${input.id}'`,
      );
    const from: Side = input.direction === 'old-to-new' ? 'old' : 'new';
    const { snapshot } = await latestSnapshot(deps.db);
    const results = await withRuntime(snapshot, input.id, deps.options.redisTimeoutMs, async (rt) => {
      const out: TReconRepairResponse['results'] = [];
      for (const row of rows) {
        // CAS on what the reconciliation saw on the side being overwritten.
        const expect = from === 'old' ? row.newDigest : row.oldDigest;
        try {
          const r = await repairFrom(rt.pair, Buffer.from(row.key, 'latin1'), from, expect);
          out.push({
            key: row.key,
            outcome: r.outcome === 'repaired' ? 'repaired' : r.outcome === 'unsupported' ? 'unsupported' : 'conflict',
            message: messageOf(r.outcome, from),
          });
        } catch (err) {
          out.push({ key: row.key, outcome: 'error', message: err instanceof Error ? err.message : String(err) });
        }
      }
      return out;
    });
    const repairedKeys = results.filter((r) => r.outcome === 'repaired').map((r) => r.key);
    await deps.db.reconDifference.deleteMany({ where: { migrationId: input.id, key: { in: repairedKeys } } });
    const response = { repaired: repairedKeys.length, failed: results.length - repairedKeys.length, results };
    await writeAudit(deps.db, {
      ...entry,
      outcome: 'ok',
      after: {
        direction: input.direction,
        repaired: response.repaired,
        failed: response.failed,
        results: results.slice(0, 100),
      },
    });
    return response;
  });
}

function messageOf(outcome: string, from: Side): string {
  if (outcome === 'repaired') return `copied ${from} over ${from === 'old' ? 'new' : 'old'}`;
  if (outcome === 'unsupported') return 'the key holds a type the engine does not copy; repair it by hand';
  return 'the key changed since the reconciliation saw it; nothing written. Re-run the reconciliation and look again';
}
