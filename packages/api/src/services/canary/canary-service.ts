/**
 * Canary publish with automatic rollback (issue 18). A draft published with `canary` goes to
 * one live worker per region first; every other worker keeps the stable version (config
 * selection per worker in `servedVersionOf`, separate from how held polls wake up). The
 * watcher (`watchCanaries`, run by the console's scheduler loop) compares the canaries'
 * heartbeats with the rest: on a breach it republishes the stable config (the canaries
 * revert); after the watch time it promotes the version to the fleet. A newer publish (a
 * failover: emergency changes skip the canary) supersedes it.
 */
import type { Canary } from '@switchyard/db/types';
import { apiError } from '../../errors.ts';
import type { Db, DbTx } from '../../db.ts';
import { toDbJson } from '../../db.ts';
import { ZCanaryThresholds, ZCanaryView, type TCanaryRequest, type TCanaryView } from './canary-types.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export const canaryView = (c: Canary): TCanaryView => ({
  version: c.version,
  stableVersion: c.stableVersion,
  workers: ZCanaryView.shape.workers.catch([]).parse(c.workers),
  state: ZCanaryView.shape.state.parse(c.state),
  actor: c.actor,
  startedAt: c.startedAt.toISOString(),
  watchUntil: c.watchUntil.toISOString(),
  verdict: c.verdict,
  revertVersion: c.revertVersion,
  decidedAt: iso(c.decidedAt),
});

/** One live worker per region (the first by name), so every region sees the version early. */
async function pickCanaries(tx: DbTx, liveMs: number, now: Date): Promise<{ canaries: string[]; others: number }> {
  const live = await tx.worker.findMany({
    where: { lastSeen: { gte: new Date(now.getTime() - liveMs) } },
    orderBy: { name: 'asc' },
  });
  const byRegion = new Map<string, string>();
  for (const w of live) if (!byRegion.has(w.region)) byRegion.set(w.region, w.name);
  const canaries = [...byRegion.values()];
  return { canaries, others: live.length - canaries.length };
}

/** Called in the publish transaction, after the new version is written. */
export async function startCanary(
  tx: DbTx,
  input: {
    version: number;
    stableVersion: number | null;
    actor: string;
    request: TCanaryRequest;
    liveMs: number;
    now: Date;
  },
): Promise<TCanaryView> {
  if (input.stableVersion === null)
    throw apiError(
      'CANARY_REFUSED',
      'there is no earlier version to keep the rest of the fleet on; publish without a canary',
    );
  const { canaries, others } = await pickCanaries(tx, input.liveMs, input.now);
  if (canaries.length === 0 || others === 0) {
    throw apiError(
      'CANARY_REFUSED',
      `a canary needs live workers to try the version and others to compare with (live canaries: ${canaries.length}, others: ${others}); publish without a canary`,
    );
  }
  const row = await tx.canary.create({
    data: {
      version: input.version,
      stableVersion: input.stableVersion,
      workers: toDbJson(canaries) ?? [],
      state: 'watching',
      actor: input.actor,
      startedAt: input.now,
      watchUntil: new Date(input.now.getTime() + input.request.watchSeconds * 1000),
      thresholds: toDbJson(input.request.thresholds) ?? {},
    },
  });
  return canaryView(row);
}

/**
 * The version a worker should run: the latest, except while the latest is a watched canary
 * and the worker is not one of its canaries (then the stable version). Unnamed pollers are
 * not canaries (fail safe: they stay on the stable version).
 */
export function servedVersionOf(canary: ServingCanary | null, latest: number, worker: string | null): number {
  if (!canary || canary.state !== 'watching') return latest;
  const workers = ZCanaryView.shape.workers.catch([]).parse(canary.workers);
  return worker !== null && workers.includes(worker) ? latest : canary.stableVersion;
}

/** What servedVersionOf needs of the latest version's canary row (the long poll reads just that). */
export interface ServingCanary {
  state: string;
  workers: unknown;
  stableVersion: number;
}

export async function latestCanary(db: Db): Promise<TCanaryView | null> {
  const row = await db.canary.findFirst({ orderBy: { version: 'desc' } });
  return row ? canaryView(row) : null;
}

export const thresholdsOf = (c: Canary) => ZCanaryThresholds.parse(c.thresholds);
