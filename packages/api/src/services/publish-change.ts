/**
 * Operational changes (failover, degradation) skip the draft workflow: they publish a new
 * version built from the latest PUBLISHED one plus the change, at once, and mirror the same
 * change into the draft so the next draft publish keeps it.
 */
import type { TConfigSnapshot } from '@switchyard/core';
import { ApiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { mirrorIntoDraft, type SnapshotEdit } from './draft-service.ts';
import { diffJson } from './json-diff.ts';
import { announcePublished } from './publish-bus.ts';
import { latestPublished, publishVersion, type TVersionMeta } from './publish-service.ts';
import { checkRules, enforceRules, type Enforcement } from './safety/safety-service.ts';

export interface ChangeRequest {
  action: string;
  target: string;
  reason: string;
  /** Extra facts for the audit entry (e.g. overridden interlocks). */
  auditExtra?: Record<string, unknown>;
  /** Check the safety rules on the result, in the same transaction (absent: a workflow step already checked them). */
  safety?: Enforcement;
}

export interface PublishedChange extends TVersionMeta {
  /** The draft's new revision, or null when there is no draft to mirror into. */
  draftRevision: number | null;
  snapshot: TConfigSnapshot;
}

export async function publishChange(
  db: Db,
  actor: Actor,
  change: ChangeRequest,
  edit: SnapshotEdit,
): Promise<PublishedChange> {
  const entry = { actor: actor.email, action: change.action, target: change.target, reason: change.reason };
  let result: PublishedChange;
  try {
    result = await db.$transaction(async (tx) => {
      // One read of the latest version for the whole publish; its parse is shared (and frozen).
      const latest = await latestPublished(tx);
      const next = edit(structuredClone(latest.snapshot) as TConfigSnapshot);
      if (change.safety)
        await enforceRules(tx, actor, await checkRules(tx, { after: next, now: new Date() }), change.safety);
      const published = await publishVersion(tx, {
        snapshot: next,
        author: actor.email,
        reason: change.reason,
        previousVersion: latest.version,
      });
      const draftRevision = await mirrorIntoDraft(tx, actor.email, edit);
      await writeAudit(tx, {
        ...entry,
        before: { version: latest.version },
        after: {
          version: published.version,
          draftRevision,
          changes: diffJson(latest.snapshot, next),
          ...change.auditExtra,
        },
        outcome: 'ok',
      });
      return { ...published, draftRevision, snapshot: next };
    });
  } catch (error) {
    const after =
      error instanceof ApiError ? { error: error.code, message: error.message } : { message: (error as Error).message };
    await writeAudit(db, { ...entry, outcome: 'error', after });
    throw error;
  }
  announcePublished(result.version);
  return result;
}
