/**
 * The record of one reconciliation run: what the console's dashboard shows and what the
 * gray-read guard reads (`unresolved`). Validated by zod when read back from a store.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

const counter = z.number().int().min(0);

export const ZReconCounters = z.object({
  /** In-scope keys compared. */
  scanned: counter,
  equal: counter,
  /** Differed on the first pass. Each ends as resolvedOnRecheck, repaired or unresolved. */
  differing: counter,
  /** Gone after the delayed re-check: an in-flight dual write, not a real difference. */
  resolvedOnRecheck: counter,
  repaired: counter,
  unresolved: counter,
});
export type ReconCounters = z.infer<typeof ZReconCounters>;

export const ZReconSample = z.object({
  key: z.string(),
  keyType: z.string(),
  /** Why it differed on the first pass, e.g. "missing on new", "seq old=5 new=3". */
  reason: z.string(),
  outcome: z.enum(['pending', 'resolvedOnRecheck', 'repaired', 'unresolved']),
});
export type ReconSample = z.infer<typeof ZReconSample>;

/** Why a difference is still there after the run (the console explains each). */
export const UNRESOLVED_WHY = {
  AHEAD_OF_TRUTH: 'the side that is not the truth holds a bigger SEQ; never copied over the truth on its own',
  CONFLICT: 'concurrent writes kept changing the key while it was repaired',
  UNSUPPORTED_TYPE: 'the key holds a type the engine does not copy (e.g. a stream)',
  REPAIR_OFF: 'the run compared without repairing',
  TRUNCATED: 'more keys differed than the run could hold for re-check',
  ABORTED: 'the run stopped before it could re-check and repair',
  ERROR: 'the repair failed with an error',
} as const;
export type UnresolvedWhy = keyof typeof UNRESOLVED_WHY;

/** One side of an unresolved key as the console shows it. */
export const ZDifferenceSide = z.object({
  /** Redis TYPE ('none' when absent). */
  type: z.string(),
  /** PTTL: ms left, -1 persistent, -2 absent. */
  ttlMs: z.number().int(),
  /** The value, printable and truncated (see describe-side.ts). */
  value: z.string(),
  /** "type|ttlFlag|digest" as last compared: an operator's repair CASes on it. */
  digest: z.string(),
});
export type DifferenceSide = z.infer<typeof ZDifferenceSide>;

export const ZReconDifference = z.object({
  key: z.string(),
  keyType: z.string(),
  why: z.enum(Object.keys(UNRESOLVED_WHY) as [UnresolvedWhy, ...UnresolvedWhy[]]),
  /** Specifics, e.g. "new is ahead of the truth (old): SEQ new=9 > old=4", or the error. */
  detail: z.string(),
  old: ZDifferenceSide,
  new: ZDifferenceSide,
});
export type ReconDifference = z.infer<typeof ZReconDifference>;

/** Unresolved keys described per run (the counters still count all of them). */
export const MAX_DIFFERENCES_DESCRIBED = 1000;

export const ZReconRun = ZReconCounters.extend({
  id: z.string(),
  migrationId: z.string(),
  /** forward: scan old, compare with new; reverse: scan new, compare with old. */
  direction: z.enum(['forward', 'reverse']),
  /** The side plain values were repaired from. */
  truth: z.enum(['old', 'new']),
  repair: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Keys the scan passed over because they are outside the migration's scope. */
  outOfScope: counter,
  /** True when more keys differed than the run could hold for re-check (counted unresolved). */
  truncated: z.boolean(),
  /** Stopped by its signal before the scan finished. */
  aborted: z.boolean(),
  byKeyType: z.record(z.string(), ZReconCounters),
  samples: z.array(ZReconSample).max(10),
  /** The unresolved keys with both sides, filled when the run finishes (first MAX_DIFFERENCES_DESCRIBED). */
  differences: z.array(ZReconDifference).max(MAX_DIFFERENCES_DESCRIBED).default([]),
});
export type ReconRun = z.infer<typeof ZReconRun>;

export const MAX_SAMPLES = 10;

export const zeroCounters = (): ReconCounters => ({
  scanned: 0,
  equal: 0,
  differing: 0,
  resolvedOnRecheck: 0,
  repaired: 0,
  unresolved: 0,
});

export function newRun(
  migrationId: string,
  direction: ReconRun['direction'],
  truth: ReconRun['truth'],
  repair: boolean,
): ReconRun {
  return {
    id: randomUUID(),
    migrationId,
    direction,
    truth,
    repair,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    ...zeroCounters(),
    outOfScope: 0,
    truncated: false,
    aborted: false,
    byKeyType: {},
    samples: [],
    differences: [],
  };
}

/** Adds 1 to a counter both in the run's totals and in its key type's. */
export function bump(run: ReconRun, keyType: string, field: keyof ReconCounters): void {
  run[field]++;
  const t = (run.byKeyType[keyType] ??= zeroCounters());
  t[field]++;
}
