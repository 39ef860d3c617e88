/** Worker heartbeats and the fleet view: who runs which version, and has the last publish converged. */
import { latestCanary } from './canary/canary-service.ts';
import type { TCanaryView } from './canary/canary-types.ts';
import { z } from 'zod';
import { toDbJson, type Db } from '../db.ts';
import type { JsonValue } from './json.ts';
import { apiError } from '../errors.ts';
import { writeAudit } from './audit-service.ts';
import { latestVersion } from './publish-service.ts';

export const ZHeartbeat = z.object({
  name: z.string().min(1).max(120),
  region: z.string().min(1).max(64),
  appliedVersion: z.number().int().min(0),
  startedAt: z.iso.datetime({ offset: true }),
  uptimeSec: z.number().min(0),
  pid: z.number().int().positive().optional(),
  /** Metric summaries, hot keys, reconciliation results: shown as-is by the dashboards. */
  summary: z.record(z.string(), z.unknown()).optional(),
});
export type THeartbeat = z.infer<typeof ZHeartbeat>;

export async function recordHeartbeat(db: Db, beat: THeartbeat, now = new Date()): Promise<void> {
  const data = {
    region: beat.region,
    appliedVersion: beat.appliedVersion,
    lastSeen: now,
    startedAt: new Date(beat.startedAt),
    pid: beat.pid ?? null,
    summary: toDbJson(beat.summary),
  };
  await db.worker.upsert({ where: { name: beat.name }, create: { name: beat.name, ...data }, update: data });
}

export interface TFleetWorker {
  name: string;
  region: string;
  appliedVersion: number;
  lastSeen: string;
  startedAt: string;
  pid: number | null;
  live: boolean;
  summary: JsonValue | null;
}

export interface TFleet {
  workers: TFleetWorker[];
  convergence: { publishedVersion: number | null; converged: boolean; live: number; stragglers: string[] };
  canary: TCanaryView | null;
}

export async function listFleet(db: Db, liveMs: number, now = new Date()): Promise<TFleet> {
  const [rows, latest, canary] = await Promise.all([
    db.worker.findMany({ orderBy: [{ region: 'asc' }, { name: 'asc' }] }),
    latestVersion(db),
    latestCanary(db),
  ]);
  const workers = rows.map((w) => ({
    name: w.name,
    region: w.region,
    appliedVersion: w.appliedVersion,
    lastSeen: w.lastSeen.toISOString(),
    startedAt: w.startedAt.toISOString(),
    pid: w.pid,
    live: now.getTime() - w.lastSeen.getTime() < liveMs,
    summary: (w.summary ?? null) as JsonValue | null,
  }));
  const live = workers.filter((w) => w.live);
  const publishedVersion = latest?.version ?? null;
  const stragglers =
    publishedVersion === null ? [] : live.filter((w) => w.appliedVersion < publishedVersion).map((w) => w.name);
  // "Converged" needs at least one live worker: an empty fleet has acknowledged nothing.
  return {
    workers,
    convergence: {
      publishedVersion,
      converged: live.length > 0 && stragglers.length === 0,
      live: live.length,
      stragglers,
    },
    canary,
  };
}

/** Drops a worker that is gone for good (renamed, decommissioned) from the fleet view. */
export async function forgetWorker(
  db: Db,
  actor: { email: string },
  name: string,
  liveMs: number,
): Promise<{ ok: true }> {
  const worker = await db.worker.findUnique({ where: { name } });
  const refuse = async (message: string): Promise<never> => {
    await writeAudit(db, {
      actor: actor.email,
      action: 'fleet.forget',
      target: name,
      outcome: 'error',
      after: { message },
    });
    throw apiError(worker ? 'INVALID_INPUT' : 'NOT_FOUND', message);
  };
  if (!worker) return refuse(`no worker named '${name}'`);
  // A live worker would reappear with its next heartbeat; forgetting it would only hide it.
  if (Date.now() - worker.lastSeen.getTime() < liveMs) return refuse(`worker '${name}' is live; stop it first`);
  await db.worker.delete({ where: { name } });
  await writeAudit(db, {
    actor: actor.email,
    action: 'fleet.forget',
    target: name,
    before: { region: worker.region, appliedVersion: worker.appliedVersion, lastSeen: worker.lastSeen },
    outcome: 'ok',
  });
  return { ok: true };
}
