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
    if (!parsed.success)
      throw new Error(`backfill checkpoint ${jobId} in Postgres is invalid: ${parsed.error.message}`);
    return parsed.data;
  }

  async save(jobId: string, c: BackfillCheckpoint): Promise<void> {
    const fields = {
      cursor: c.cursor,
      scanned: c.scanned,
      copied: c.copied,
      skipped: c.skipped,
      done: c.done,
      state: json(c),
    };
    await this.db.backfillCheckpoint.upsert({ where: { jobId }, create: { jobId, ...fields }, update: fields });
  }

  async clear(jobId: string): Promise<void> {
    await this.db.backfillCheckpoint.deleteMany({ where: { jobId } });
  }
}

/**
 * Upserts a run (saved when it starts, on progress, and when it finishes). The differing keys
 * go to ReconDifference rows, not the run's JSON: a finished run replaces its direction's rows,
 * so the console lists what the latest run in each direction left unresolved.
 */
export async function saveReconRun(db: Db, run: ReconRun): Promise<void> {
  const { scanned, equal, differing, resolvedOnRecheck, repaired, unresolved } = run;
  const { differences, ...rest } = run;
  const fields = {
    direction: run.direction,
    startedAt: new Date(run.startedAt),
    finishedAt: run.finishedAt ? new Date(run.finishedAt) : null,
    counters: json({ scanned, equal, differing, resolvedOnRecheck, repaired, unresolved }),
    byKeyType: json(run.byKeyType),
    samples: json(run.samples),
    run: json(rest),
  };
  await db.$transaction(async (tx) => {
    await tx.reconRun.upsert({
      where: { id: run.id },
      create: { id: run.id, migrationId: run.migrationId, ...fields },
      update: fields,
    });
    if (run.finishedAt === null || run.aborted) return;
    await tx.reconDifference.deleteMany({ where: { migrationId: run.migrationId, direction: run.direction } });
    if (differences.length === 0) return;
    await tx.reconDifference.createMany({
      data: differences.map((d) => ({
        migrationId: run.migrationId,
        runId: run.id,
        direction: run.direction,
        key: d.key,
        keyType: d.keyType,
        why: d.why,
        detail: d.detail,
        oldType: d.old.type,
        oldTtlMs: BigInt(d.old.ttlMs),
        oldValue: d.old.value,
        oldDigest: d.old.digest,
        newType: d.new.type,
        newTtlMs: BigInt(d.new.ttlMs),
        newValue: d.new.value,
        newDigest: d.new.digest,
      })),
      skipDuplicates: true,
    });
  });
}

/** Takes the oldest "re-run now" request of a migration, if any (marks it picked). */
export async function takeReconRequest(db: Db, migrationId: string): Promise<boolean> {
  const pending = await db.reconRequest.findFirst({
    where: { migrationId, pickedAt: null },
    orderBy: { requestedAt: 'asc' },
  });
  if (!pending) return false;
  const taken = await db.reconRequest.updateMany({
    where: { migrationId, pickedAt: null },
    data: { pickedAt: new Date() },
  });
  return taken.count > 0;
}
