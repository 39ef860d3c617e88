/** Read-only tools: decode a meeting ID, and preview a key's route under published and draft. */
import {
  commandEntry,
  compileConfig,
  decodeMeetingId,
  describeServing,
  formatDay,
  isRouteFailure,
  parseMeetingId,
  resolveStorageCode,
  routeKey,
  isCoreError,
  type KeyDecision,
  type TConfigSnapshot,
} from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import { parseStoredSnapshot } from './draft-service.ts';
import { latestVersion } from './publish-service.ts';

async function snapshots(db: Db): Promise<{
  published: { version: number; snapshot: TConfigSnapshot } | null;
  draft: { revision: number; snapshot: TConfigSnapshot } | null;
}> {
  const [latest, draft] = await Promise.all([latestVersion(db), db.draft.findUnique({ where: { id: 'main' } })]);
  return {
    published: latest ? { version: latest.version, snapshot: parseStoredSnapshot(latest.snapshot) } : null,
    draft: draft ? { revision: draft.revision, snapshot: parseStoredSnapshot(draft.snapshot) } : null,
  };
}

export async function decodeId(db: Db, id: string) {
  const { published, draft } = await snapshots(db);
  const snapshot = published?.snapshot ?? draft?.snapshot;
  if (!snapshot) throw apiError('NO_PUBLISHED_VERSION');
  try {
    const value = parseMeetingId(id);
    const parts = decodeMeetingId(value, snapshot.layout);
    const routedCode = resolveStorageCode(parts.code, snapshot.deployedCodes, snapshot.bottom);
    return {
      id: value.toString(),
      kind: parts.kind,
      code: parts.code,
      day: parts.day,
      date: formatDay(parts.day, snapshot.layout, new Date()),
      random: parts.random.toString(),
      deployed: snapshot.deployedCodes.includes(parts.code),
      routedCode,
      layout: snapshot.layout,
    };
  } catch (error) {
    if (isCoreError(error)) throw apiError('INVALID_INPUT', `${error.code}: ${error.message}`);
    throw error;
  }
}

/** `error` is a core RouteErrorCode, or CONFIG_INVALID when the snapshot does not compile. */
export type TRouteOutcome = { ok: true; decision: KeyDecision } | { ok: false; error: string; message: string };

function routeUnder(snapshot: TConfigSnapshot, key: string): TRouteOutcome {
  let cfg: ReturnType<typeof compileConfig>;
  try {
    cfg = compileConfig(snapshot);
  } catch (error) {
    return { ok: false, error: 'CONFIG_INVALID', message: `the config does not compile: ${(error as Error).message}` };
  }
  const result = routeKey(cfg, key);
  return isRouteFailure(result)
    ? { ok: false, error: result.error, message: result.message }
    : { ok: true, decision: result };
}

export async function routePreview(db: Db, key: string, command: string) {
  // The proxy's own command table decides read vs write and whether the command is served at all.
  const entry = commandEntry(command.toUpperCase());
  if (entry === undefined)
    throw apiError('INVALID_INPUT', `Redis 7 has no command ${command.toUpperCase()}; see docs/COMPATIBILITY.md`);
  const { published, draft } = await snapshots(db);
  return {
    key,
    command: { name: entry.name, write: entry.write, proxy: describeServing(entry) },
    published: published ? { version: published.version, outcome: routeUnder(published.snapshot, key) } : null,
    draft: draft ? { revision: draft.revision, outcome: routeUnder(draft.snapshot, key) } : null,
  };
}
