/** Publishing the draft, and the version history: list, read, diff, rollback. */
import type { TConfigSnapshot } from '@switchyard/core';
import { apiError, ApiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { parseStoredSnapshot, readDraft, resetDraft } from './draft-service.ts';
import { diffJson, type TDiffEntry } from './json-diff.ts';
import type { TRollbackPreviewResponse } from '../routers/versions/rollback.types.ts';
import { announcePublished } from './publish-bus.ts';
import { latestVersion, publishVersion, versionMeta, type TVersionMeta } from './publish-service.ts';

async function audited<T>(db: Db, entry: { actor: string; action: string; target: string; reason: string }, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const after = error instanceof ApiError ? { error: error.apiCode, message: error.message } : { message: (error as Error).message };
    await writeAudit(db, { ...entry, outcome: 'error', after });
    throw error;
  }
}

export async function publishDraft(db: Db, actor: Actor, input: { expectedRevision: number; reason: string }): Promise<TVersionMeta> {
  const entry = { actor: actor.email, action: 'draft.publish', target: 'draft', reason: input.reason };
  const meta = await audited(db, entry, () =>
    db.$transaction(async (tx) => {
      const draft = await readDraft(tx);
      if (draft.revision !== input.expectedRevision) {
        throw apiError('DRAFT_STALE', `the draft is at revision ${draft.revision}, not ${input.expectedRevision}; review it again before publishing`);
      }
      const previous = await latestVersion(tx);
      const published = await publishVersion(tx, { snapshot: draft.snapshot, author: actor.email, reason: input.reason });
      const changes = previous ? diffJson(previous.snapshot, draft.snapshot) : null;
      await writeAudit(tx, { ...entry, target: `version ${published.version}`, before: { version: previous?.version ?? null }, after: { version: published.version, hash: published.hash, changes }, outcome: 'ok' });
      return published;
    }),
  );
  announcePublished(meta.version);
  return meta;
}

export async function listVersions(db: Db, input: { limit: number; beforeVersion?: number }): Promise<TVersionMeta[]> {
  const rows = await db.configVersion.findMany({
    where: input.beforeVersion ? { version: { lt: input.beforeVersion } } : undefined,
    orderBy: { version: 'desc' },
    take: input.limit,
    select: { version: true, hash: true, author: true, reason: true, createdAt: true, rolledBackFrom: true },
  });
  return rows.map(versionMeta);
}

export async function getVersion(db: Db, version: number): Promise<TVersionMeta & { snapshot: TConfigSnapshot }> {
  const row = await db.configVersion.findUnique({ where: { version } });
  if (!row) throw apiError('VERSION_NOT_FOUND', `config version ${version} does not exist`);
  return { ...versionMeta(row), snapshot: parseStoredSnapshot(row.snapshot) };
}

export async function diffVersions(db: Db, from: number, to: number): Promise<{ from: number; to: number; changes: TDiffEntry[] }> {
  const [a, b] = await Promise.all([getVersion(db, from), getVersion(db, to)]);
  return { from, to, changes: diffJson(a.snapshot, b.snapshot) };
}

/**
 * A rollback must not flip region routing: only failover set/clear also promote and demote
 * the Redis mirrors, so a rolled-back override would send writes to read-only replicas.
 */
function refuseFailoverChange(current: TConfigSnapshot, target: TConfigSnapshot): void {
  const key = (s: TConfigSnapshot): string => s.failover.map((o) => `${o.from}>${o.to}`).sort().join(',');
  if (key(current) !== key(target)) {
    throw apiError('ROLLBACK_CHANGES_FAILOVER', `version routes regions as [${key(target) || 'no overrides'}] but now it is [${key(current) || 'no overrides'}]; use failover set/clear first`);
  }
}

/**
 * Migration phases live in the Migration table and move only through migrations
 * advance/rollback (which run guard rails and reconciliation). A version rollback keeps
 * today's `migrations[]`, so the published phases never disagree with the table.
 */
function keepMigrations(current: TConfigSnapshot | null, target: TConfigSnapshot): TConfigSnapshot {
  return current === null ? target : { ...target, migrations: current.migrations };
}

/** What rolling back to `version` would publish: the diff from today's config and the migrations kept. */
export async function rollbackPreview(db: Db, version: number): Promise<TRollbackPreviewResponse> {
  const old = await db.configVersion.findUnique({ where: { version } });
  if (!old) throw apiError('VERSION_NOT_FOUND', `config version ${version} does not exist`);
  const previous = await latestVersion(db);
  if (!previous) throw apiError('NO_PUBLISHED_VERSION');
  const current = parseStoredSnapshot(previous.snapshot);
  const snapshot = keepMigrations(current, parseStoredSnapshot(old.snapshot));
  let refusal: string | null = null;
  try {
    refuseFailoverChange(current, snapshot);
  } catch (error) {
    refusal = (error as Error).message;
  }
  return { version, currentVersion: previous.version, changes: diffJson(current, snapshot), keptMigrations: snapshot.migrations.map((m) => `${m.id}@${m.phase}`), refusal };
}

/**
 * Republishes an old version (with today's migrations) as a new one and resets the draft to
 * it. When that equals the current config there is nothing to publish: the draft is reset and
 * the result says `changed: false` (the console says "no change") instead of a new version.
 */
export async function rollbackTo(db: Db, actor: Actor, input: { version: number; reason: string }): Promise<TVersionMeta & { draftRevision: number; changed: boolean }> {
  const entry = { actor: actor.email, action: 'versions.rollback', target: `version ${input.version}`, reason: input.reason };
  const result = await audited(db, entry, () =>
    db.$transaction(async (tx) => {
      const old = await tx.configVersion.findUnique({ where: { version: input.version } });
      if (!old) throw apiError('VERSION_NOT_FOUND', `config version ${input.version} does not exist`);
      const previous = await latestVersion(tx);
      const current = previous ? parseStoredSnapshot(previous.snapshot) : null;
      const snapshot = keepMigrations(current, parseStoredSnapshot(old.snapshot));
      if (current) refuseFailoverChange(current, snapshot);
      const kept = snapshot.migrations.map((m) => `${m.id}@${m.phase}`);
      if (previous && current && diffJson(current, snapshot).length === 0) {
        const draftRevision = await resetDraft(tx, actor.email, snapshot);
        await writeAudit(tx, { ...entry, before: { version: previous.version }, after: { version: previous.version, changed: false, rolledBackFrom: input.version, draftRevision, keptMigrations: kept }, outcome: 'ok' });
        return { ...versionMeta(previous), draftRevision, changed: false };
      }
      const published = await publishVersion(tx, { snapshot, author: actor.email, reason: input.reason, rolledBackFrom: input.version });
      const draftRevision = await resetDraft(tx, actor.email, snapshot);
      await writeAudit(tx, { ...entry, before: { version: previous?.version ?? null }, after: { version: published.version, rolledBackFrom: input.version, draftRevision, keptMigrations: kept }, outcome: 'ok' });
      return { ...published, draftRevision, changed: true };
    }),
  );
  if (result.changed) announcePublished(result.version);
  return result;
}
