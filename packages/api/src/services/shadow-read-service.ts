/**
 * Shadow-read compare during gray read (seed 001 §8.3.4.3). The rate lives on the migration in
 * the published config (`shadowReadRate`, an audited publish like any operational change);
 * the counters come from the live workers' heartbeats (cumulative per worker since it
 * started), summed per key type.
 */
import { ZHeartbeatSummary } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { publishChange } from './publish-change.ts';
import { latestSnapshot } from './publish-service.ts';

const ZShadow = ZHeartbeatSummary.shape.shadow.unwrap();
const FIELDS = ['compared', 'equal', 'differing', 'missingOnNew', 'notFoundOld', 'notFoundNew'] as const;
type Counts = Record<(typeof FIELDS)[number], number>;

export async function setShadowReadRate(db: Db, actor: Actor, input: { id: string; rate: number; reason: string }) {
  const { snapshot } = await latestSnapshot(db);
  if (!snapshot.migrations.some((m) => m.id === input.id)) {
    const error = apiError('NOT_FOUND', `migration '${input.id}' is not in the published config`);
    await writeAudit(db, {
      actor: actor.email,
      action: 'migrations.setShadowReadRate',
      target: input.id,
      reason: input.reason,
      outcome: 'error',
      after: { error: error.code, message: error.message },
    });
    throw error;
  }
  const published = await publishChange(
    db,
    actor,
    { action: 'migrations.setShadowReadRate', target: input.id, reason: input.reason },
    (s) => ({
      ...s,
      migrations: s.migrations.map((m) => (m.id === input.id ? { ...m, shadowReadRate: input.rate } : m)),
    }),
  );
  return { version: published.version, draftRevision: published.draftRevision };
}

export async function shadowReadStatus(db: Db, id: string, liveMs: number, now = new Date()) {
  const { snapshot } = await latestSnapshot(db);
  const m = snapshot.migrations.find((x) => x.id === id);
  if (!m) throw apiError('NOT_FOUND', `migration '${id}' is not in the published config`);
  const workers = await db.worker.findMany({ where: { lastSeen: { gte: new Date(now.getTime() - liveMs) } } });
  const byKeyType = new Map<string, Counts>();
  let reporting = 0;
  for (const w of workers) {
    const summary = w.summary as { shadow?: unknown } | null;
    const parsed = ZShadow.safeParse(summary?.shadow ?? {});
    const mine = parsed.success ? parsed.data[id] : undefined;
    if (mine === undefined) continue;
    reporting++;
    for (const [keyType, c] of Object.entries(mine)) {
      const into = byKeyType.get(keyType) ?? {
        compared: 0,
        equal: 0,
        differing: 0,
        missingOnNew: 0,
        notFoundOld: 0,
        notFoundNew: 0,
      };
      for (const f of FIELDS) into[f] += c[f];
      byKeyType.set(keyType, into);
    }
  }
  const keyTypes = [...byKeyType].sort(([a], [b]) => a.localeCompare(b)).map(([keyType, c]) => ({ keyType, ...c }));
  return {
    id,
    phase: m.phase,
    grayReadPercent: m.grayReadPercent,
    rate: m.shadowReadRate ?? 0,
    workers: reporting,
    keyTypes,
  };
}
