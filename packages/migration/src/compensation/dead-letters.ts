/**
 * Dead letters for the console: list, replay (re-sync the key now), discard. Replay runs
 * the same re-sync as the consumer, so a replay after the instance recovered repairs the key.
 */
import type { Redis } from 'ioredis';
import { reconcileKeyNow } from '../reconcile/realtime.ts';
import type { RepairOutcome } from '../reconcile/repair-key.ts';
import type { MigrationRuntime } from '../shared/runtime.ts';
import { fieldsToRecord, parseEntry } from './entry.ts';
import { compStreamKey, deadStreamKey } from './stream-keys.ts';

export interface DeadLetter {
  id: string;
  migrationId: string;
  kind: string;
  /** The key as latin1 text (what the proxy routes by). */
  key: string;
  command: string;
  target: string;
  targetInstance: string;
  attempts: number;
  deliveries: number;
  firstError: string;
  lastError: string;
  firstAt: number;
  deadAt: number;
}

export async function listDeadLetters(control: Redis, migrationId: string, count = 100): Promise<DeadLetter[]> {
  const rows = (await control.xrevrange(deadStreamKey(migrationId), '+', '-', 'COUNT', count)) as [string, string[]][];
  return rows.map(([id, flat]) => {
    const f = fieldsToRecord(flat);
    return {
      id,
      migrationId,
      kind: f.kind ?? '',
      key: f.keyText ?? '',
      command: f.command ?? '',
      target: f.target ?? '',
      targetInstance: f.targetInstance ?? '',
      attempts: Number(f.attempts ?? 0),
      deliveries: Number(f.deliveries ?? 0),
      firstError: f.firstError ?? '',
      lastError: f.lastError ?? '',
      firstAt: Number(f.firstAt ?? 0),
      deadAt: Number(f.deadAt ?? 0),
    };
  });
}

export type ReplayResult =
  { ok: true; outcome: RepairOutcome } | { ok: false; code: 'NOT_FOUND' | 'NO_KEY' | 'REPAIR_FAILED'; message: string };

/** Re-syncs the dead letter's key now; on success the dead letter is removed. */
export async function replayDeadLetter(rt: MigrationRuntime, id: string): Promise<ReplayResult> {
  const stream = deadStreamKey(rt.migration.id);
  const [row] = (await rt.control.xrange(stream, id, id)) as [string, string[]][];
  if (!row) return { ok: false, code: 'NOT_FOUND', message: `no dead letter ${id} for migration ${rt.migration.id}` };
  const entry = parseEntry(fieldsToRecord(row[1]));
  if (entry.key.length === 0)
    return { ok: false, code: 'NO_KEY', message: 'this dead letter names no key; repair by hand and discard it' };
  try {
    const r = await reconcileKeyNow(rt, entry.key, entry.truth);
    if (r.outcome === 'aheadOfTruth')
      return {
        ok: false,
        code: 'REPAIR_FAILED',
        message: `not copied over the truth: ${r.detail ?? 'the other side is ahead'}; choose a direction with recon repair`,
      };
    if (r.outcome !== 'equal' && r.outcome !== 'repaired')
      return { ok: false, code: 'REPAIR_FAILED', message: `re-sync ended ${r.outcome}` };
    await rt.control.xdel(stream, id);
    return { ok: true, outcome: r.outcome };
  } catch (err) {
    return { ok: false, code: 'REPAIR_FAILED', message: err instanceof Error ? err.message : String(err) };
  }
}

export async function discardDeadLetter(control: Redis, migrationId: string, id: string): Promise<boolean> {
  return (await control.xdel(deadStreamKey(migrationId), id)) === 1;
}

/** Queue depths for dashboards: entries awaiting compensation and dead letters. */
export async function compensationDepth(
  control: Redis,
  migrationId: string,
): Promise<{ queued: number; dead: number }> {
  const [queued, dead] = await Promise.all([
    control.xlen(compStreamKey(migrationId)),
    control.xlen(deadStreamKey(migrationId)),
  ]);
  return { queued, dead };
}
