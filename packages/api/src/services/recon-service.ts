/**
 * Reconciliation history (the migrator writes ReconRun rows; DESIGN §7 step 3). The gray-read
 * guard reads the unresolved differences of the latest finished run in each direction.
 */
import type { Db, DbTx } from '../db.ts';
import type { TReconRunView } from '../routers/migrations/migration.types.ts';
import { reconRunView } from './migration-views.ts';
import { filteredCounts } from './recon-filter-service.ts';

export async function reconReport(db: Db, id: string, limit: number): Promise<TReconRunView[]> {
  const rows = await db.reconRun.findMany({ where: { migrationId: id }, orderBy: { startedAt: 'desc' }, take: limit });
  return rows.map(reconRunView);
}

export async function latestRuns(
  db: Db | DbTx,
  id: string,
): Promise<{ forward: TReconRunView | null; reverse: TReconRunView | null }> {
  const latest = (direction: string) =>
    db.reconRun.findFirst({
      where: { migrationId: id, direction, finishedAt: { not: null } },
      orderBy: { startedAt: 'desc' },
    });
  const [forward, reverse, filtered] = await Promise.all([
    latest('forward'),
    latest('reverse'),
    filteredCounts(db, id),
  ]);
  // Differences a reconciliation filter accepts are listed apart and do not count as unresolved.
  const view = (row: NonNullable<typeof forward>, n: number): TReconRunView => {
    const v = reconRunView(row);
    return { ...v, unresolved: Math.max(0, v.unresolved - n), filtered: n };
  };
  return {
    forward: forward ? view(forward, filtered.forward) : null,
    reverse: reverse ? view(reverse, filtered.reverse) : null,
  };
}
