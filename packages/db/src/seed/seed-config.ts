/**
 * The draft and the published versions. First seed: draft revision 1 and version 1.
 * Later seeds of a persistent database keep what operators changed, but the demo's Redis
 * ports and the demo caller's secret change on every `npm start`, so those are merged into
 * the latest version and republished when they differ (otherwise workers would dial dead
 * ports).
 */
import type { TConfigSnapshot } from '@switchyard/core';
import type { Prisma } from '../generated/prisma/client.ts';
import { hashSnapshot } from '../crypto/snapshot-hash.ts';
import { SEED_ACTOR } from './seed-input.ts';

type Tx = Prisma.TransactionClient;

export interface ConfigSeedResult {
  version: number;
  draftRevision: number;
}

const asJson = (snapshot: TConfigSnapshot): Prisma.InputJsonValue => snapshot as unknown as Prisma.InputJsonValue;

/** The latest published snapshot with the fresh topology and the fresh secrets of seeded callers. */
export function mergeSeedInto(latest: TConfigSnapshot, fresh: TConfigSnapshot): TConfigSnapshot {
  const freshCallers = new Map(fresh.callers.map((c) => [c.name, c]));
  const callers = latest.callers.map((c) => {
    const seeded = freshCallers.get(c.name);
    return seeded ? { ...c, secretHash: seeded.secretHash } : c;
  });
  const missing = fresh.callers.filter((c) => !latest.callers.some((l) => l.name === c.name));
  return { ...latest, instances: fresh.instances, callers: [...callers, ...missing] };
}

async function publish(
  tx: Tx,
  version: number,
  snapshot: TConfigSnapshot,
  reason: string,
  before: TConfigSnapshot | null,
): Promise<void> {
  const hash = hashSnapshot(snapshot);
  await tx.configVersion.create({ data: { version, snapshot: asJson(snapshot), hash, author: SEED_ACTOR, reason } });
  await tx.auditEntry.create({
    data: {
      actor: SEED_ACTOR,
      action: 'config.publish',
      target: `config:v${version}`,
      reason,
      ...(before ? { before: asJson(before) } : {}),
      after: { version, hash },
      outcome: 'ok',
    },
  });
}

export interface LatestVersion {
  version: number;
  hash: string;
  /** Null when the stored snapshot no longer parses (the schema moved on). */
  snapshot: TConfigSnapshot | null;
}

export async function seedConfig(
  tx: Tx,
  fresh: TConfigSnapshot,
  latest: LatestVersion | null,
  changes: string[],
): Promise<ConfigSeedResult> {
  let next: TConfigSnapshot = fresh;
  if (latest) {
    next = latest.snapshot ? mergeSeedInto(latest.snapshot, fresh) : fresh;
    if (hashSnapshot(next) === latest.hash) {
      const draft = await tx.draft.findUnique({ where: { id: 'main' } });
      if (draft) return { version: latest.version, draftRevision: draft.revision };
    }
  }
  const version = latest ? latest.version + 1 : 1;
  const reason = latest ? 'demo topology or caller secret changed' : 'initial demo config';
  if (!latest || hashSnapshot(next) !== latest.hash) {
    await publish(tx, version, next, reason, latest?.snapshot ?? null);
    changes.push(`config version ${version} published (${reason})`);
  }
  const saved = await tx.draft.upsert({
    where: { id: 'main' },
    create: { id: 'main', snapshot: asJson(next), revision: 1, updatedBy: SEED_ACTOR },
    update: { snapshot: asJson(next), revision: { increment: 1 }, updatedBy: SEED_ACTOR },
  });
  return {
    version: latest && hashSnapshot(next) === latest.hash ? latest.version : version,
    draftRevision: saved.revision,
  };
}
