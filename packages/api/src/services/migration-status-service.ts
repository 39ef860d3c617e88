/** Read side of shard migrations: list, status (backfill, recon, compensation, timeline), dead letters. */
import { listDeadLetters, replayDeadLetter } from '@switchyard/migration';
import type { ApiDeps } from '../deps.ts';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import type { TMigrationStatus, TMigrationView } from '../routers/migrations/migration.types.ts';
import type { TDeadLettersResponse } from '../routers/migrations/dead-letters.types.ts';
import type { TReplayDeadLetterResponse } from '../routers/migrations/replay-dead-letter.types.ts';
import { writeAudit } from './audit-service.ts';
import { compensationOf, withControl, withRuntime } from './migration-control.ts';
import { eventView, migrationView } from './migration-views.ts';
import { latestSnapshot } from './publish-service.ts';
import { latestRuns } from './recon-service.ts';

export async function listMigrations(db: Db): Promise<TMigrationView[]> {
  const rows = await db.migration.findMany({ orderBy: { createdAt: 'desc' } });
  return rows.map(migrationView);
}

async function rowOrThrow(db: Db, id: string) {
  const row = await db.migration.findUnique({ where: { id } });
  if (!row) throw apiError('NOT_FOUND', `no migration '${id}'`);
  return row;
}

export async function backfillOf(db: Db, id: string) {
  // A cluster source keeps one checkpoint per master: `<id>@host:port`.
  const rows = await db.backfillCheckpoint.findMany({
    where: { OR: [{ jobId: id }, { jobId: { startsWith: `${id}@` } }] },
  });
  const sum = (f: (r: { state: unknown }) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const num = (r: { state: unknown }, k: string): number => {
    const v = (r.state as Record<string, unknown> | null)?.[k];
    return typeof v === 'number' ? v : 0;
  };
  const updated = rows.map((r) => r.updatedAt.getTime());
  return {
    scanned: sum((r) => num(r, 'scanned')),
    inScope: sum((r) => num(r, 'inScope')),
    copied: sum((r) => num(r, 'copied')),
    skipped: sum((r) => num(r, 'skipped')),
    conflicts: sum((r) => num(r, 'conflicts')),
    done: rows.length > 0 && rows.every((r) => r.done),
    checkpoints: rows.length,
    updatedAt: updated.length > 0 ? new Date(Math.max(...updated)).toISOString() : null,
  };
}

export async function migrationStatus(deps: ApiDeps, id: string): Promise<TMigrationStatus> {
  const row = await rowOrThrow(deps.db, id);
  const { version, snapshot } = await latestSnapshot(deps.db);
  const [events, backfill, runs, compensation] = await Promise.all([
    deps.db.migrationEvent.findMany({ where: { migrationId: id }, orderBy: { at: 'asc' } }),
    backfillOf(deps.db, id),
    latestRuns(deps.db, id),
    compensationOf(snapshot, id, deps.options.redisTimeoutMs),
  ]);
  const unresolved = (runs.forward?.unresolved ?? 0) + (runs.reverse?.unresolved ?? 0);
  return {
    ...migrationView(row),
    publishedVersion: version,
    backfill,
    compensation,
    latestRecon: { ...runs, unresolved },
    events: events.map(eventView),
  };
}

export async function deadLetters(deps: ApiDeps, id: string, limit: number): Promise<TDeadLettersResponse> {
  await rowOrThrow(deps.db, id);
  const { snapshot } = await latestSnapshot(deps.db);
  const [compensation, letters] = await Promise.all([
    compensationOf(snapshot, id, deps.options.redisTimeoutMs),
    withControl(snapshot, deps.options.redisTimeoutMs, (c) => listDeadLetters(c, id, limit)),
  ]);
  return { compensation, deadLetters: letters ?? [] };
}

export async function replayDead(
  deps: ApiDeps,
  actor: Actor,
  input: { id: string; entryId: string; reason: string },
): Promise<TReplayDeadLetterResponse> {
  await rowOrThrow(deps.db, input.id);
  const { snapshot } = await latestSnapshot(deps.db);
  const entry = {
    actor: actor.email,
    action: 'migrations.replayDeadLetter',
    target: `${input.id}/${input.entryId}`,
    reason: input.reason,
  };
  let result: TReplayDeadLetterResponse;
  try {
    const r = await withRuntime(snapshot, input.id, deps.options.redisTimeoutMs, (rt) =>
      replayDeadLetter(rt, input.entryId),
    );
    result = r.ok
      ? { ok: true, outcome: r.outcome, message: null }
      : { ok: false, outcome: null, message: `${r.code}: ${r.message}` };
  } catch (err) {
    result = { ok: false, outcome: null, message: (err as Error).message };
  }
  await writeAudit(deps.db, { ...entry, outcome: result.ok ? 'ok' : 'error', after: result });
  return result;
}
