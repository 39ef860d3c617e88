/**
 * The migrator applies the published config too (to route backfill and reconciliation), so
 * it appears on the Fleet page beside the proxy workers with the version it applied, and
 * counts toward convergence. It writes its Worker row directly: it already holds the
 * database, and a worker token would be one more secret to hand it.
 */
import type { Db } from '@switchyard/db';
import type { Prisma } from '@switchyard/db/types';

/** Not a region: the migrator serves every region. */
export const MIGRATOR_REGION = 'all';
export const MIGRATOR_HEARTBEAT_MS = 5_000;

export interface HeartbeatState {
  name: string;
  startedAt: Date;
  lastBeat: number;
}

/** `extra`: more summary fields (write-log redo throughput per code, docs/MIRROR-MODES.md). */
export async function migratorHeartbeat(
  db: Db,
  state: HeartbeatState,
  version: number | null,
  now = Date.now(),
  extra: Record<string, unknown> = {},
): Promise<void> {
  if (now - state.lastBeat < MIGRATOR_HEARTBEAT_MS) return;
  // A JSON-safe copy for the Json column.
  const summary = JSON.parse(JSON.stringify({ role: 'migrator', ...extra })) as Prisma.InputJsonObject;
  const data = {
    region: MIGRATOR_REGION,
    appliedVersion: version ?? 0,
    lastSeen: new Date(now),
    startedAt: state.startedAt,
    pid: process.pid,
    summary,
  };
  await db.worker.upsert({ where: { name: state.name }, create: { name: state.name, ...data }, update: data });
  state.lastBeat = now;
}
