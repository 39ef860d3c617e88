/**
 * Postgres persistence for the engine: the backfill cursor (a restart resumes) and the
 * reconciliation runs (the console's history and the gray-read guard read them).
 */
import type { Db } from '@switchyard/db';
import { ZBackfillCheckpoint, type BackfillCheckpoint, type CursorStore, type ReconRun } from '@switchyard/migration';

type Json = Parameters<Db['reconRun']['create']>[0]['data']['run'];
const json = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

export class PgCursorStore implements CursorStore {
  constructor(private readonly db: Db) {}

  async load(jobId: string): Promise<BackfillCheckpoint | null> {
    const row = await this.db.backfillCheckpoint.findUnique({ where: { jobId } });
    if (!row) return null;
    const parsed = ZBackfillCheckpoint.safeParse(row.state);
    if (!parsed.success) throw new Error(`backfill checkpoint ${jobId} in Postgres is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  async save(jobId: string, c: BackfillCheckpoint): Promise<void> {
    const fields = { cursor: c.cursor, scanned: c.scanned, copied: c.copied, skipped: c.skipped, done: c.done, state: json(c) };
    await this.db.backfillCheckpoint.upsert({ where: { jobId }, create: { jobId, ...fields }, update: fields });
  }

  async clear(jobId: string): Promise<void> {
    await this.db.backfillCheckpoint.deleteMany({ where: { jobId } });
  }
}

/** Upserts a run (saved when it starts, on progress, and when it finishes). */
export async function saveReconRun(db: Db, run: ReconRun): Promise<void> {
  const { scanned, equal, differing, resolvedOnRecheck, repaired, unresolved } = run;
  const fields = {
    direction: run.direction, startedAt: new Date(run.startedAt), finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    counters: json({ scanned, equal, differing, resolvedOnRecheck, repaired, unresolved }),
    byKeyType: json(run.byKeyType), samples: json(run.samples), run: json(run),
  };
  await db.reconRun.upsert({ where: { id: run.id }, create: { id: run.id, migrationId: run.migrationId, ...fields }, update: fields });
}
