/**
 * Operational changes (failover, degradation) skip the draft workflow: they publish a new
 * version built from the latest PUBLISHED one plus the change, at once, and mirror the same
 * change into the draft so the next draft publish keeps it.
 */
import { z } from 'zod';
import type { TConfigSnapshot } from '@switchyard/core';
import { apiError, ApiError } from '../errors.ts';
import type { Db, DbTx } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { mirrorIntoDraft, type SnapshotEdit, type StoredDraft } from './draft-service.ts';
import { diffJson } from './json-diff.ts';
import { announcePublished } from './publish-bus.ts';
import { publishVersion, type TVersionMeta } from './publish-service.ts';
import { evaluateRules } from './safety/evaluate.ts';
import { enforceRules, rulesOf, type Enforcement } from './safety/safety-service.ts';
import { parsedPublished } from './snapshot-cache.ts';

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

const ZPublishReads = z.object({
  latest: z.object({ version: z.number().int(), hash: z.string(), snapshot: z.unknown() }).nullable(),
  draft: z.object({ revision: z.number().int(), snapshot: z.unknown() }).nullable(),
  /** The newest safety rule set's rules; null when none was saved. */
  rules: z.unknown(),
});

/**
 * Everything a change reads before it writes, in ONE round trip (issue 20: the publish was
 * seven round trips plus BEGIN/COMMIT): the latest version (its snapshot parsed once per
 * content, shared and frozen), the draft to mirror into, and the current safety rules.
 */
async function readForChange(tx: DbTx): Promise<{
  latest: { version: number; snapshot: Readonly<TConfigSnapshot> };
  draft: StoredDraft | null;
  rules: unknown;
}> {
  const rows: unknown = await tx.$queryRaw`
    SELECT
      (SELECT json_build_object('version', "version", 'hash', "hash", 'snapshot', "snapshot")
         FROM "ConfigVersion" ORDER BY "version" DESC LIMIT 1) AS "latest",
      (SELECT json_build_object('revision', "revision", 'snapshot', "snapshot")
         FROM "Draft" WHERE "id" = 'main') AS "draft",
      (SELECT "rules" FROM "SafetyRuleSet" ORDER BY "version" DESC LIMIT 1) AS "rules"`;
  const [read] = z.array(ZPublishReads).length(1).parse(rows);
  if (!read?.latest) throw apiError('NO_PUBLISHED_VERSION');
  return {
    latest: { version: read.latest.version, snapshot: parsedPublished(read.latest) },
    draft: read.draft,
    rules: read.rules ?? null,
  };
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
      const { latest, draft, rules } = await readForChange(tx);
      const next = edit(structuredClone(latest.snapshot) as TConfigSnapshot);
      if (change.safety)
        await enforceRules(tx, actor, evaluateRules(rulesOf(rules), { after: next, now: new Date() }), change.safety);
      const published = await publishVersion(tx, {
        snapshot: next,
        author: actor.email,
        reason: change.reason,
        previousVersion: latest.version,
      });
      const draftRevision = await mirrorIntoDraft(tx, actor.email, edit, draft);
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
