/**
 * Publishing: validate, then write an immutable, numbered, hashed ConfigVersion. Versions
 * are never edited; rollback, failover and degradation all publish a new one.
 */
import { hashSnapshot } from '@switchyard/db/crypto';
import { validateSnapshot, type TConfigSnapshot } from '@switchyard/core';
import { apiError } from '../errors.ts';
import { toDbJson, type Db, type DbTx } from '../db.ts';
import type { TVersionMetaSchema } from '../routers/shared.types.ts';
import { parseStoredSnapshot } from './draft-service.ts';

/** What the API says about a published version (the `versions.*` response schema). */
export type TVersionMeta = TVersionMetaSchema;

export interface PublishRequest {
  snapshot: TConfigSnapshot;
  author: string;
  reason: string;
  rolledBackFrom?: number;
  now?: Date;
  /**
   * The latest version this transaction has already read (null: none yet), so the publish
   * does not read it again (issue 20: one round trip less). Omitted: read here. Either way
   * the version column is the primary key, so two concurrent publishes cannot share a number.
   */
  previousVersion?: number | null;
}

type VersionRow = {
  version: number;
  hash: string;
  author: string;
  reason: string;
  createdAt: Date;
  rolledBackFrom: number | null;
};
export const versionMeta = (row: VersionRow): TVersionMeta => ({
  version: row.version,
  hash: row.hash,
  author: row.author,
  reason: row.reason,
  createdAt: row.createdAt.toISOString(),
  rolledBackFrom: row.rolledBackFrom,
});

/** Degradation rules past their expiry are dropped from every publish (DESIGN §3). */
export function dropExpiredRules(snapshot: TConfigSnapshot, now: Date): TConfigSnapshot {
  const live = (rule: { expiresAt?: string | undefined }): boolean =>
    !rule.expiresAt || Date.parse(rule.expiresAt) > now.getTime();
  const d = snapshot.degradation;
  const throttles = d.throttles === undefined ? {} : { throttles: d.throttles.filter(live) };
  return {
    ...snapshot,
    degradation: { ...d, callers: d.callers.filter(live), keys: d.keys.filter(live), ...throttles },
  };
}

export async function latestVersion(db: Db | DbTx) {
  return db.configVersion.findFirst({ orderBy: { version: 'desc' } });
}

export async function latestSnapshot(db: Db | DbTx): Promise<{ version: number; snapshot: TConfigSnapshot }> {
  const row = await latestVersion(db);
  if (!row) throw apiError('NO_PUBLISHED_VERSION');
  return { version: row.version, snapshot: parseStoredSnapshot(row.snapshot) };
}

/** Writes the next version inside the caller's transaction; refuses a snapshot with problems. */
export async function publishVersion(tx: DbTx, request: PublishRequest): Promise<TVersionMeta> {
  const snapshot = dropExpiredRules(request.snapshot, request.now ?? new Date());
  const problems = validateSnapshot(snapshot);
  if (problems.length > 0) {
    const first = problems[0];
    throw apiError(
      'DRAFT_INVALID',
      `the config has ${problems.length} problem(s); first: ${first?.path.join('.') || '(root)'}: ${first?.message}`,
      problems,
    );
  }
  const previous =
    request.previousVersion === undefined ? ((await latestVersion(tx))?.version ?? null) : request.previousVersion;
  const version = (previous ?? 0) + 1;
  try {
    const row = await tx.configVersion.create({
      data: {
        version,
        snapshot: toDbJson(snapshot) ?? {},
        hash: hashSnapshot(snapshot),
        author: request.author,
        reason: request.reason,
        rolledBackFrom: request.rolledBackFrom ?? null,
      },
    });
    return versionMeta(row);
  } catch (error) {
    // Two publishes picked the same number: the version column is the primary key.
    if ((error as { code?: unknown }).code === 'P2002') throw apiError('PUBLISH_RACE');
    throw error;
  }
}
