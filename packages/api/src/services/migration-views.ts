/** Rows of Migration / MigrationEvent / ReconRun / BackfillCheckpoint as the API returns them. */
import { shownPercentOf, ZMigrationPhase, type TMigration } from '@switchyard/core';
import type { Migration, MigrationEvent, ReconRun } from '@switchyard/db/types';
import { z } from 'zod';
import type { TMigrationView, TReconRunView } from '../routers/migrations/migration.types.ts';

export const percentOf = (m: Pick<TMigration, 'phase' | 'grayReadPercent' | 'stopDualWritePercent'>): number =>
  shownPercentOf(m);

export function migrationView(row: Migration): TMigrationView {
  const phase = ZMigrationPhase.parse(row.phase);
  const m = { phase, grayReadPercent: row.grayReadPercent, stopDualWritePercent: row.stopDualWritePercent };
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    from: row.from,
    to: row.to,
    scope:
      row.scopeModulo !== null && row.scopeRemainder !== null
        ? { modulo: row.scopeModulo, remainder: row.scopeRemainder }
        : null,
    ...m,
    percent: percentOf(m),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    createdBy: row.createdBy,
  };
}

/** The snapshot's entry for a Migration row (what the proxies route by). */
export function snapshotMigration(row: Migration): TMigration {
  return {
    id: row.id,
    name: row.name,
    code: row.code,
    from: row.from,
    to: row.to,
    ...(row.scopeModulo !== null && row.scopeRemainder !== null
      ? { scope: { modulo: row.scopeModulo, remainder: row.scopeRemainder } }
      : {}),
    phase: ZMigrationPhase.parse(row.phase),
    grayReadPercent: row.grayReadPercent,
    stopDualWritePercent: row.stopDualWritePercent,
  };
}

const ZEffects = z.array(z.string()).catch([]);

export function eventView(row: MigrationEvent) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    fromPhase: row.fromPhase,
    toPhase: row.toPhase,
    percent: row.percent,
    reason: row.reason,
    override: row.override,
    version: row.version,
    effects: ZEffects.parse(row.effects),
  };
}

const counter = z.number().int().min(0).catch(0);
const ZCounters = z.object({
  scanned: counter,
  equal: counter,
  differing: counter,
  resolvedOnRecheck: counter,
  repaired: counter,
  unresolved: counter,
});
const ZStoredRun = ZCounters.extend({
  truth: z.enum(['old', 'new']).catch('old'),
  aborted: z.boolean().catch(false),
  truncated: z.boolean().catch(false),
  byKeyType: z.record(z.string(), ZCounters).catch({}),
  samples: z
    .array(z.object({ key: z.string(), keyType: z.string(), reason: z.string(), outcome: z.string() }))
    .catch([]),
});

export function reconRunView(row: ReconRun): TReconRunView {
  const run = ZStoredRun.parse(row.run);
  return {
    ...run,
    id: row.id,
    migrationId: row.migrationId,
    direction: row.direction === 'reverse' ? 'reverse' : 'forward',
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    finished: row.finishedAt !== null,
  };
}
