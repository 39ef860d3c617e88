/**
 * Reconciliation filters (seed 001 §8.3.3.3): named, audited rules for accepted classes of
 * differences. They are applied when differences are counted and served, never by dropping
 * rows: a filtered difference is still listed, apart, with the filter that accepted it, and
 * it no longer counts as unresolved (the gray-read guard, the status, the broadcasts).
 */
import { matchingFilter, type ReconFilterRule } from '@switchyard/migration';
import type { ReconDifference, ReconFilter } from '@switchyard/db/types';
import type { Db, DbTx } from '../db.ts';
import { apiError } from '../errors.ts';
import type { Actor } from '../roles.ts';
import type { TReconFilterCreate, TReconFilterView } from '../routers/recon/filters.types.ts';
import { writeAudit } from './audit-service.ts';

export const filterView = (f: ReconFilter): TReconFilterView => ({
  id: f.id,
  name: f.name,
  migrationId: f.migrationId,
  keyType: f.keyType,
  keyPattern: f.keyPattern,
  field: f.field,
  why: f.why,
  reason: f.reason,
  createdBy: f.createdBy,
  createdAt: f.createdAt.toISOString(),
});

const rule = (f: ReconFilter): ReconFilterRule => ({
  name: f.name,
  migrationId: f.migrationId,
  keyType: f.keyType,
  keyPattern: f.keyPattern,
  field: f.field,
  why: f.why,
});

export async function filtersFor(db: Db | DbTx, migrationId: string): Promise<ReconFilterRule[]> {
  const rows = await db.reconFilter.findMany({
    where: { OR: [{ migrationId: null }, { migrationId }] },
    orderBy: { name: 'asc' },
  });
  return rows.map(rule);
}

/** The filter name per difference row (null: unresolved). */
export function classify(filters: readonly ReconFilterRule[], rows: readonly ReconDifference[]): (string | null)[] {
  return rows.map((r) => matchingFilter(filters, r));
}

/** Filtered difference rows per direction of a migration's latest runs. */
export async function filteredCounts(
  db: Db | DbTx,
  migrationId: string,
): Promise<{ forward: number; reverse: number }> {
  const filters = await filtersFor(db, migrationId);
  if (filters.length === 0) return { forward: 0, reverse: 0 };
  const rows = await db.reconDifference.findMany({ where: { migrationId } });
  const out = { forward: 0, reverse: 0 };
  rows.forEach((r) => {
    if (matchingFilter(filters, r) !== null) out[r.direction === 'reverse' ? 'reverse' : 'forward']++;
  });
  return out;
}

export async function listFilters(db: Db, migrationId?: string): Promise<TReconFilterView[]> {
  const rows = await db.reconFilter.findMany({
    where: migrationId ? { OR: [{ migrationId: null }, { migrationId }] } : {},
    orderBy: { name: 'asc' },
  });
  return rows.map(filterView);
}

export async function createFilter(db: Db, actor: Actor, input: TReconFilterCreate): Promise<TReconFilterView> {
  const entry = { actor: actor.email, action: 'recon.filters.create', target: input.name, reason: input.reason };
  if (await db.reconFilter.findUnique({ where: { name: input.name } })) {
    const error = apiError(
      'ALREADY_EXISTS',
      `a reconciliation filter named '${input.name}' exists; pick another name or remove it first`,
    );
    await writeAudit(db, { ...entry, outcome: 'error', after: { error: error.code, message: error.message } });
    throw error;
  }
  const row = await db.reconFilter.create({
    data: {
      name: input.name,
      migrationId: input.migrationId ?? null,
      keyType: input.keyType ?? null,
      keyPattern: input.keyPattern ?? null,
      field: input.field ?? null,
      why: input.why ?? null,
      reason: input.reason,
      createdBy: actor.email,
    },
  });
  await writeAudit(db, { ...entry, outcome: 'ok', after: filterView(row) });
  return filterView(row);
}

export async function removeFilter(
  db: Db,
  actor: Actor,
  input: { name: string; reason: string },
): Promise<{ ok: boolean }> {
  const entry = { actor: actor.email, action: 'recon.filters.remove', target: input.name, reason: input.reason };
  const row = await db.reconFilter.findUnique({ where: { name: input.name } });
  if (!row) {
    const error = apiError(
      'NOT_FOUND',
      `no reconciliation filter '${input.name}'; list them with syctl recon filters list`,
    );
    await writeAudit(db, { ...entry, outcome: 'error', after: { error: error.code, message: error.message } });
    throw error;
  }
  await db.reconFilter.delete({ where: { id: row.id } });
  await writeAudit(db, { ...entry, outcome: 'ok', before: filterView(row) });
  return { ok: true };
}
