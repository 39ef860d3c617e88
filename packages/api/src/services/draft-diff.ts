/**
 * What Publish would change: the draft against the latest published version, secrets
 * redacted the same way as a version diff. Shown on the Draft page and by `syctl draft diff`.
 */
import type { Db } from '../db.ts';
import { parseStoredSnapshot, readDraft } from './draft-service.ts';
import { diffJson, type TDiffEntry } from './json-diff.ts';
import { latestVersion } from './publish-service.ts';
import { redactSecretHashes, redactSnapshotSecrets } from './secret-redaction.ts';

export interface DraftDiff {
  /** The published version the draft is compared with; null before the first publish. */
  publishedVersion: number | null;
  revision: number;
  changes: TDiffEntry[];
}

export async function diffDraft(db: Db): Promise<DraftDiff> {
  const [draft, latest] = await Promise.all([readDraft(db), latestVersion(db)]);
  const published = latest ? redactSnapshotSecrets(parseStoredSnapshot(latest.snapshot)) : {};
  const changes = redactSecretHashes(diffJson(published, redactSnapshotSecrets(draft.snapshot))) as TDiffEntry[];
  const before = latest ? parseStoredSnapshot(latest.snapshot).keyTypes.map((k) => k.name) : [];
  const after = draft.snapshot.keyTypes.map((k) => k.name);
  // Key types are matched by name in the diff, so a pure reorder would not show; first match wins, so it matters.
  if (orderChanged(before, after)) changes.push({ path: 'keyTypes (match order)', before, after });
  return { publishedVersion: latest?.version ?? null, revision: draft.revision, changes };
}

function orderChanged(before: readonly string[], after: readonly string[]): boolean {
  const common = new Set(before.filter((n) => after.includes(n)));
  const a = before.filter((n) => common.has(n));
  const b = after.filter((n) => common.has(n));
  return a.some((n, i) => b[i] !== n);
}
