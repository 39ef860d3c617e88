/** Publishing the draft, and the version history: list, read, diff, rollback. */
import type { TConfigSnapshot } from '@switchyard/core';
import { apiError, ApiError } from '../errors.ts';
import type { Db } from '../db.ts';
import { roleAllows, type Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { mirrorIntoDraft, parseStoredSnapshot, readDraft, resetDraft } from './draft-service.ts';
import { diffJson, type TDiffEntry } from './json-diff.ts';
import type { TRollbackPreviewResponse } from '../routers/versions/rollback.types.ts';
import { announcePublished } from './publish-bus.ts';
import { startCanary } from './canary/canary-service.ts';
import type { TCanaryRequest } from './canary/canary-types.ts';
import { checkRules, enforceRules } from './safety/safety-service.ts';
import { latestVersion, publishVersion, versionMeta, type TVersionMeta } from './publish-service.ts';
import { adminOnlyChanges, keepTodaysSecrets, operationalPartsOf } from './rollback-policy.ts';
import { redactSecretHashes, redactSnapshotSecrets } from './secret-redaction.ts';

async function audited<T>(
  db: Db,
  entry: { actor: string; action: string; target: string; reason: string },
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const after =
      error instanceof ApiError ? { error: error.code, message: error.message } : { message: (error as Error).message };
    const denied = error instanceof ApiError && error.trpcCode === 'FORBIDDEN';
    await writeAudit(db, { ...entry, outcome: denied ? 'denied' : 'error', after });
    throw error;
  }
}

export interface PublishDraftInput {
  expectedRevision: number;
  reason: string;
  breakGlassReason?: string | undefined;
  /** Publish to one worker per region first (issue 18); `liveMs` decides which workers are live. */
  canary?: { request: TCanaryRequest; liveMs: number } | undefined;
}

export async function publishDraft(db: Db, actor: Actor, input: PublishDraftInput): Promise<TVersionMeta> {
  const entry = { actor: actor.email, action: 'draft.publish', target: 'draft', reason: input.reason };
  const meta = await audited(db, entry, () =>
    db.$transaction(async (tx) => {
      const draft = await readDraft(tx);
      if (draft.revision !== input.expectedRevision) {
        throw apiError(
          'DRAFT_STALE',
          `the draft is at revision ${draft.revision}, not ${input.expectedRevision}; review it again before publishing`,
        );
      }
      const previous = await latestVersion(tx);
      const rules = await checkRules(tx, { after: draft.snapshot, now: new Date() });
      await enforceRules(tx, actor, rules, {
        action: entry.action,
        target: 'draft',
        breakGlassReason: input.breakGlassReason,
      });
      const published = await publishVersion(tx, {
        snapshot: draft.snapshot,
        author: actor.email,
        reason: input.reason,
        previousVersion: previous?.version ?? null,
      });
      const changes = previous ? diffJson(previous.snapshot, draft.snapshot) : null;
      const canary = input.canary
        ? await startCanary(tx, {
            version: published.version,
            stableVersion: previous?.version ?? null,
            actor: actor.email,
            request: input.canary.request,
            liveMs: input.canary.liveMs,
            now: new Date(),
          })
        : null;
      await writeAudit(tx, {
        ...entry,
        target: `version ${published.version}`,
        before: { version: previous?.version ?? null },
        after: { version: published.version, hash: published.hash, changes, canary },
        outcome: 'ok',
      });
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

/** One version for the console: caller secret hashes as fingerprints (only /api/config serves them). */
export async function getVersion(db: Db, version: number): Promise<TVersionMeta & { snapshot: TConfigSnapshot }> {
  const row = await db.configVersion.findUnique({ where: { version } });
  if (!row) throw apiError('VERSION_NOT_FOUND', `config version ${version} does not exist`);
  return { ...versionMeta(row), snapshot: redactSnapshotSecrets(parseStoredSnapshot(row.snapshot)) };
}

export async function diffVersions(
  db: Db,
  from: number,
  to: number,
): Promise<{ from: number; to: number; changes: TDiffEntry[] }> {
  const [a, b] = await Promise.all([getVersion(db, from), getVersion(db, to)]);
  // Both sides are fingerprinted already; the deep pass also covers a caller added whole.
  return { from, to, changes: redactSecretHashes(diffJson(a.snapshot, b.snapshot)) as TDiffEntry[] };
}

/**
 * A rollback must not flip region routing: only failover set/clear also promote and demote
 * the Redis mirrors, so a rolled-back override would send writes to read-only replicas.
 */
function refuseFailoverChange(current: TConfigSnapshot, target: TConfigSnapshot): void {
  const key = (s: TConfigSnapshot): string =>
    s.failover
      .map((o) => `${o.from}>${o.to}`)
      .sort()
      .join(',');
  if (key(current) !== key(target)) {
    throw apiError(
      'ROLLBACK_CHANGES_FAILOVER',
      `version routes regions as [${key(target) || 'no overrides'}] but now it is [${key(current) || 'no overrides'}]; use failover set/clear first`,
    );
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

/** A non-admin may not roll back what only admins may edit (rollback-policy.ts). */
function refuseAdminOnly(
  actor: Actor,
  version: number,
  current: TConfigSnapshot | null,
  target: TConfigSnapshot,
): void {
  if (current === null || roleAllows(actor.role, 'admin')) return;
  const parts = adminOnlyChanges(current, target);
  if (parts.length > 0) {
    throw apiError(
      'ROLLBACK_NEEDS_ADMIN',
      `version ${version} differs from today in ${parts.join(', ')}, which only an admin may change; ask an admin to roll back`,
      { parts },
    );
  }
}

/** What rolling back to `version` would publish: the diff from today's config and the migrations kept. */
export async function rollbackPreview(db: Db, actor: Actor, version: number): Promise<TRollbackPreviewResponse> {
  const old = await db.configVersion.findUnique({ where: { version } });
  if (!old) throw apiError('VERSION_NOT_FOUND', `config version ${version} does not exist`);
  const previous = await latestVersion(db);
  if (!previous) throw apiError('NO_PUBLISHED_VERSION');
  const current = parseStoredSnapshot(previous.snapshot);
  const { snapshot } = await keepTodaysSecrets(current, keepMigrations(current, parseStoredSnapshot(old.snapshot)));
  let refusal: string | null = null;
  try {
    refuseFailoverChange(current, snapshot);
    refuseAdminOnly(actor, version, current, snapshot);
  } catch (error) {
    refusal = (error as Error).message;
  }
  return {
    version,
    currentVersion: previous.version,
    changes: redactSecretHashes(diffJson(current, snapshot)) as TDiffEntry[],
    keptMigrations: snapshot.migrations.map((m) => `${m.id}@${m.phase}`),
    refusal,
  };
}

/**
 * Republishes an old version as a new one, keeping today's migrations and today's caller
 * secrets; refused when it would flip failover routing or, for a non-admin, change
 * admin-only parts. An admin's rollback resets the draft to it; a non-admin's only carries
 * the operational parts into the draft, so an admin's unpublished edits survive. When the
 * result equals the current config nothing is published: `changed: false` ("no change").
 */
export async function rollbackTo(
  db: Db,
  actor: Actor,
  input: { version: number; reason: string; breakGlassReason?: string | undefined },
): Promise<TVersionMeta & { draftRevision: number; changed: boolean }> {
  const entry = {
    actor: actor.email,
    action: 'versions.rollback',
    target: `version ${input.version}`,
    reason: input.reason,
  };
  const result = await audited(db, entry, () =>
    db.$transaction(async (tx) => {
      const old = await tx.configVersion.findUnique({ where: { version: input.version } });
      if (!old) throw apiError('VERSION_NOT_FOUND', `config version ${input.version} does not exist`);
      const previous = await latestVersion(tx);
      const current = previous ? parseStoredSnapshot(previous.snapshot) : null;
      const { snapshot, lockedCallers } = await keepTodaysSecrets(
        current,
        keepMigrations(current, parseStoredSnapshot(old.snapshot)),
      );
      if (current) refuseFailoverChange(current, snapshot);
      refuseAdminOnly(actor, input.version, current, snapshot);
      const kept = snapshot.migrations.map((m) => `${m.id}@${m.phase}`);
      // An admin's rollback replaces the draft; anyone else's must not discard an admin's pending edits.
      const admin = roleAllows(actor.role, 'admin');
      const draftFor = async (s: TConfigSnapshot): Promise<number> =>
        (admin ? null : await mirrorIntoDraft(tx, actor.email, operationalPartsOf(s))) ??
        (await resetDraft(tx, actor.email, s));
      if (previous && current && diffJson(current, snapshot).length === 0) {
        const draftRevision = await draftFor(snapshot);
        await writeAudit(tx, {
          ...entry,
          before: { version: previous.version },
          after: {
            version: previous.version,
            changed: false,
            rolledBackFrom: input.version,
            draftRevision,
            keptMigrations: kept,
            keptSecrets: true,
            lockedCallers,
          },
          outcome: 'ok',
        });
        return { ...versionMeta(previous), draftRevision, changed: false };
      }
      await enforceRules(tx, actor, await checkRules(tx, { after: snapshot, now: new Date() }), {
        action: entry.action,
        target: entry.target,
        breakGlassReason: input.breakGlassReason,
      });
      const published = await publishVersion(tx, {
        snapshot,
        author: actor.email,
        reason: input.reason,
        rolledBackFrom: input.version,
        previousVersion: previous?.version ?? null,
      });
      const draftRevision = await draftFor(snapshot);
      const after = {
        version: published.version,
        rolledBackFrom: input.version,
        draftRevision,
        keptMigrations: kept,
        keptSecrets: true,
        lockedCallers,
      };
      await writeAudit(tx, { ...entry, before: { version: previous?.version ?? null }, after, outcome: 'ok' });
      return { ...published, draftRevision, changed: true };
    }),
  );
  if (result.changed) announcePublished(result.version);
  return result;
}
