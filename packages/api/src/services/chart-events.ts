/**
 * Markers for every time chart: what changed the system, when, who did it and why. Derived
 * from the audit log (the one record of every console mutation), successful entries only.
 */
import { z } from 'zod';
import type { Db } from '../db.ts';

export type TChartEventKind =
  'publish' | 'rollback' | 'failover' | 'failback' | 'drop-set' | 'drop-cleared' | 'migration';

const KIND_OF: Readonly<Record<string, TChartEventKind>> = {
  'draft.publish': 'publish',
  'versions.rollback': 'rollback',
  'failover.set': 'failover',
  'failover.clear': 'failback',
  'degradation.setKey': 'drop-set',
  'degradation.setCaller': 'drop-set',
  'degradation.clearKey': 'drop-cleared',
  'degradation.clearCaller': 'drop-cleared',
  'migrations.create': 'migration',
  'migrations.advance': 'migration',
  'migrations.rollback': 'migration',
};

const CHART_EVENT_ACTIONS = Object.keys(KIND_OF);

const ZAfter = z
  .object({ version: z.number().optional(), phase: z.string().optional(), percent: z.number().nullable().optional() })
  .loose();

export interface TChartEvent {
  id: string;
  /** Epoch milliseconds, like the chart points. */
  t: number;
  kind: TChartEventKind;
  /** One line: what happened. */
  label: string;
  actor: string;
  reason: string | null;
  version: number | null;
}

function labelOf(action: string, target: string, after: z.infer<typeof ZAfter>): string {
  const v = after.version === undefined ? '' : ` (v${after.version})`;
  switch (KIND_OF[action]) {
    case 'publish':
      return `published${v}`;
    case 'rollback':
      return `rolled back to ${target}${v}`;
    case 'failover':
      return `failover ${target}${v}`;
    case 'failback':
      return `failback ${target}${v}`;
    case 'drop-set':
      return `drop rule set: ${action.endsWith('Key') ? 'key' : 'caller'} ${target}${v}`;
    case 'drop-cleared':
      return `drop rule cleared: ${action.endsWith('Key') ? 'key' : 'caller'} ${target}${v}`;
    default:
      return `migration ${target}${after.phase ? ` → ${after.phase}${after.percent != null ? ` ${after.percent}%` : ''}` : ''}${v}`;
  }
}

export async function chartEvents(db: Db, sinceSec: number, now = new Date()): Promise<TChartEvent[]> {
  const rows = await db.auditEntry.findMany({
    where: {
      at: { gte: new Date(now.getTime() - sinceSec * 1000) },
      outcome: 'ok',
      action: { in: CHART_EVENT_ACTIONS },
    },
    orderBy: { at: 'asc' },
    take: 500,
  });
  return rows.map((row) => {
    const parsed = ZAfter.safeParse(row.after);
    const after = parsed.success ? parsed.data : {};
    return {
      id: row.id,
      t: row.at.getTime(),
      kind: KIND_OF[row.action] ?? 'publish',
      label: labelOf(row.action, row.target, after),
      actor: row.actor,
      reason: row.reason,
      version: after.version ?? null,
    };
  });
}
