/**
 * The one editable draft (DESIGN §6). Every edit names the revision it was based on; a
 * stale revision is a CONFLICT and changes nothing, so two operators never overwrite each
 * other silently. A successful edit bumps the revision by one and is audited with its diff.
 */
import { validateSnapshot, zodProblems, ZConfigSnapshot, type Problem, type TConfigSnapshot } from '@switchyard/core';
import { apiError, ApiError } from '../errors.ts';
import { toDbJson, type Db, type DbTx } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { diffJson } from './json-diff.ts';
import { redactSecretHashes, redactSnapshotSecrets } from './secret-redaction.ts';

export const DRAFT_ID = 'main';

export interface DraftRow {
  snapshot: TConfigSnapshot;
  revision: number;
  updatedAt: Date;
  updatedBy: string;
}

export function parseStoredSnapshot(json: unknown): TConfigSnapshot {
  const parsed = ZConfigSnapshot.safeParse(json);
  if (!parsed.success)
    throw apiError('DRAFT_INVALID', 'the stored snapshot does not match the schema', zodProblems(parsed.error));
  return parsed.data;
}

export async function readDraft(db: Db | DbTx): Promise<DraftRow> {
  const row = await db.draft.findUnique({ where: { id: DRAFT_ID } });
  if (!row) throw apiError('DRAFT_MISSING');
  return {
    snapshot: parseStoredSnapshot(row.snapshot),
    revision: row.revision,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

export interface DraftView {
  snapshot: TConfigSnapshot;
  revision: number;
  updatedAt: string;
  updatedBy: string;
  problems: Problem[];
}

export async function getDraft(db: Db): Promise<DraftView> {
  const row = await db.draft.findUnique({ where: { id: DRAFT_ID } });
  if (!row) throw apiError('DRAFT_MISSING');
  const parsed = ZConfigSnapshot.safeParse(row.snapshot);
  const meta = { revision: row.revision, updatedAt: row.updatedAt.toISOString(), updatedBy: row.updatedBy };
  if (!parsed.success) {
    // Show the raw draft with its structural problems rather than refusing to load it.
    return {
      ...meta,
      snapshot: redactSecretHashes(row.snapshot) as TConfigSnapshot,
      problems: zodProblems(parsed.error),
    };
  }
  // Problems are computed on the real snapshot; only the view is redacted.
  return { ...meta, snapshot: redactSnapshotSecrets(parsed.data), problems: validateSnapshot(parsed.data) };
}

export interface DraftEdit {
  expectedRevision: number;
  /** Audit action, e.g. `model.instances.upsert`. */
  action: string;
  target: string;
  reason?: string;
}

export type SnapshotEdit = (snapshot: TConfigSnapshot) => TConfigSnapshot;

/** Applies `edit` if the draft is still at `expectedRevision`; returns the new revision. */
export async function editDraft(
  db: Db,
  actor: Actor,
  change: DraftEdit,
  edit: SnapshotEdit,
): Promise<{ revision: number }> {
  const audit = { actor: actor.email, action: change.action, target: change.target, reason: change.reason ?? null };
  try {
    return await db.$transaction(async (tx) => {
      const draft = await readDraft(tx);
      if (draft.revision !== change.expectedRevision) {
        throw apiError(
          'DRAFT_STALE',
          `the draft is at revision ${draft.revision}, not ${change.expectedRevision}; reload and apply your edit again`,
        );
      }
      const next = edit(structuredClone(draft.snapshot));
      const revision = await writeDraft(tx, draft.revision, next, actor.email);
      await writeAudit(tx, {
        ...audit,
        before: { revision: draft.revision },
        after: { revision, changes: diffJson(draft.snapshot, next) },
        outcome: 'ok',
      });
      return { revision };
    });
  } catch (error) {
    if (error instanceof ApiError)
      await writeAudit(db, { ...audit, outcome: 'error', after: { error: error.code, message: error.message } });
    throw error;
  }
}

/** Compare-and-set on the revision: the guard against a concurrent edit between read and write. */
async function writeDraft(tx: DbTx, fromRevision: number, snapshot: TConfigSnapshot, by: string): Promise<number> {
  const { count } = await tx.draft.updateMany({
    where: { id: DRAFT_ID, revision: fromRevision },
    data: { snapshot: toDbJson(snapshot) ?? {}, revision: fromRevision + 1, updatedBy: by },
  });
  if (count !== 1) throw apiError('DRAFT_STALE');
  return fromRevision + 1;
}

/** A draft row as stored: read here, or together with a publish's other reads (publish-change.ts). */
export interface StoredDraft {
  revision: number;
  snapshot: unknown;
}

/**
 * Failover and degradation publish at once and mirror the change into the draft, whatever
 * its revision, so the next draft publish does not undo them. Returns the new revision.
 * `read` is the draft row when the caller already read it in this transaction. An edit that
 * lands between that read and the write is not overwritten: the change is mirrored into it.
 */
export async function mirrorIntoDraft(
  tx: DbTx,
  by: string,
  edit: SnapshotEdit,
  read?: StoredDraft | null,
): Promise<number | null> {
  let row = read === undefined ? await tx.draft.findUnique({ where: { id: DRAFT_ID } }) : read;
  for (let attempt = 1; ; attempt++) {
    if (!row) return null;
    const parsed = ZConfigSnapshot.safeParse(row.snapshot);
    if (!parsed.success) return null;
    const { count } = await tx.draft.updateMany({
      where: { id: DRAFT_ID, revision: row.revision },
      data: { snapshot: toDbJson(edit(parsed.data)) ?? {}, revision: row.revision + 1, updatedBy: by },
    });
    if (count === 1) return row.revision + 1;
    if (attempt >= 3) throw apiError('DRAFT_STALE');
    row = await tx.draft.findUnique({ where: { id: DRAFT_ID } });
  }
}

/** Replaces the draft with a snapshot (rollback), bumping the revision. */
export async function resetDraft(tx: DbTx, by: string, snapshot: TConfigSnapshot): Promise<number> {
  const row = await tx.draft.findUnique({ where: { id: DRAFT_ID } });
  if (!row) {
    await tx.draft.create({ data: { id: DRAFT_ID, snapshot: toDbJson(snapshot) ?? {}, revision: 1, updatedBy: by } });
    return 1;
  }
  return writeDraft(tx, row.revision, snapshot, by);
}
