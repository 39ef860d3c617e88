/** Worker heartbeats and the fleet view: who runs which version, and has the last publish converged. */
import { z } from 'zod';
import { toDbJson, type Db } from '../db.ts';
import type { JsonValue } from './json.ts';
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
}

export async function listFleet(db: Db, liveMs: number, now = new Date()): Promise<TFleet> {
  const [rows, latest] = await Promise.all([db.worker.findMany({ orderBy: [{ region: 'asc' }, { name: 'asc' }] }), latestVersion(db)]);
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
  const stragglers = publishedVersion === null ? [] : live.filter((w) => w.appliedVersion < publishedVersion).map((w) => w.name);
  // "Converged" needs at least one live worker: an empty fleet has acknowledged nothing.
  return { workers, convergence: { publishedVersion, converged: live.length > 0 && stragglers.length === 0, live: live.length, stragglers } };
}
