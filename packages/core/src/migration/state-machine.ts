/**
 * The shard-migration state machine (DESIGN §7, seed 001 §8), as a pure function so the
 * console, syctl and tests agree on what a transition may do. Routing for each phase lives
 * in `routing/migration-plan.ts`; this file only decides which phase/percentages come next
 * and what the operator must know ("effects") when they do.
 */
import { z } from 'zod';
import { ZMigrationPhase, type TMigration, type TMigrationPhase } from '../config/schema.ts';
import { reconGate, type GuardFacts } from './cutover-gate.ts';
import { MIGRATION_PHASE_ORDER, PERCENT_PHASES, phaseTraits } from './phase-traits.ts';

/** What the console accepts from an operator; planTransition re-checks ranges itself too. */
export const ZTransitionRequest = z.object({
  to: ZMigrationPhase,
  /** The gray-read % for GRAY_READ, the stop-dual-write % for STOP_DUAL_WRITE. */
  percent: z.number().min(0).max(100).optional(),
  /** Moving to an earlier phase must say so: rollbacks change routing backwards. */
  rollback: z.boolean().optional(),
  /** Operator override of a reconciliation guard; the reason goes to the audit log. */
  override: z.object({ reason: z.string().trim().min(3).max(500) }).optional(),
  /** The migration's name, typed by the operator: DONE, STOP_DUAL_WRITE and ABORTED need it. */
  confirm: z.string().max(200).optional(),
});
export type TransitionRequest = z.infer<typeof ZTransitionRequest>;

/** The facts the guard rails read (cutover-gate.ts). */
export type LatestReconciliation = GuardFacts;

/** Steps that stop writing the old instance (or end the migration) need the typed name. */
export const needsConfirmation = (to: TMigrationPhase): boolean => phaseTraits(to).confirm;

export const TRANSITION_ERROR_CODES = {
  NO_CHANGE: 'the migration is already in that phase with that percentage',
  PERCENT_INVALID: 'percent must be a number between 0 and 100',
  PERCENT_NOT_APPLICABLE: `only ${PERCENT_PHASES.join(' and ')} take a percentage`,
  PERCENT_REQUIRED: `${PERCENT_PHASES.join(' and ')} need a percentage between 0 and 100`,
  NOT_NEXT_PHASE: 'phases advance one at a time',
  ROLLBACK_REQUIRED: 'moving to an earlier phase is a rollback: pass rollback: true',
  NOT_A_ROLLBACK: 'rollback: true only moves to an earlier phase',
  GRAY_READ_INCOMPLETE: 'WRITE_ORDER_SWITCH requires gray read at 100%',
  STOP_DUAL_WRITE_INCOMPLETE: 'DONE requires stop-dual-write at 100%',
  RECON_UNRESOLVED:
    'the latest reconciliation has unresolved differences; repair them in the reconciliation list (or syctl recon repair), or give an override reason',
  RECON_MISSING:
    'this step needs a finished reconciliation in both directions since the current phase began; wait for one or re-run now, or give an override reason',
  RECON_STALE:
    'the latest reconciliation is too old for this step (started before the current phase, or older than the maximum age); re-run now, or give an override reason',
  CONFIRMATION_REQUIRED: 'this step needs a typed confirmation: type the migration name',
  OVERRIDE_REASON_REQUIRED: 'an override needs a reason of at least 3 characters',
  ABORTED_RESUME_ONLY: 'an aborted migration can only restart at DUAL_WRITE (rollback: true)',
  ALREADY_ABORTED: 'the migration is already aborted',
  ABORT_LOSES_WRITES:
    'the old instance misses writes in this phase; reconcile new→old and override with a reason to abort',
  COMPENSATION_PENDING:
    'failed dual writes are still queued for compensation; let the queue drain (or override with a reason) before the write order changes',
} as const;

export type TransitionErrorCode = keyof typeof TRANSITION_ERROR_CODES;

export type TransitionResult =
  { ok: true; next: TMigration; effects: string[] } | { ok: false; code: TransitionErrorCode; message: string };

const fail = (code: TransitionErrorCode, detail?: string): TransitionResult => ({
  ok: false,
  code,
  message: detail ? `${TRANSITION_ERROR_CODES[code]} (${detail})` : TRANSITION_ERROR_CODES[code],
});

export const phaseIndex = (p: TMigrationPhase): number => phaseTraits(p).order ?? -1;

/** Which side is the sync truth (written first) in a phase: reconciliation repairs plain values from it. */
export const truthSideOf = (phase: TMigrationPhase): 'old' | 'new' => phaseTraits(phase).truth;

export function planTransition(
  current: TMigration,
  request: TransitionRequest,
  latestRecon: LatestReconciliation | null,
): TransitionResult {
  const r = planUnconfirmed(current, request, latestRecon);
  // Checked last, so a step that is refused anyway says why rather than asking for the name.
  if (r.ok && needsConfirmation(request.to) && request.confirm?.trim() !== current.name) {
    return fail(
      'CONFIRMATION_REQUIRED',
      `type "${current.name}" to ${request.to === 'ABORTED' ? 'abort' : `move to ${request.to}`}`,
    );
  }
  return r;
}

function planUnconfirmed(
  current: TMigration,
  request: TransitionRequest,
  latestRecon: LatestReconciliation | null,
): TransitionResult {
  const { to, percent } = request;
  if (percent !== undefined && !(Number.isFinite(percent) && percent >= 0 && percent <= 100))
    return fail('PERCENT_INVALID', `got ${percent}`);
  if (percent !== undefined && phaseTraits(to).takesPercent === null)
    return fail('PERCENT_NOT_APPLICABLE', `${to} has none`);
  if (request.override !== undefined && request.override.reason.trim().length < 3)
    return fail('OVERRIDE_REASON_REQUIRED');
  if (to === 'ABORTED') return planAbort(current, request);
  if (current.phase === 'ABORTED') {
    if (to !== 'DUAL_WRITE' || request.rollback !== true) return fail('ABORTED_RESUME_ONLY');
    return done(current, { phase: 'DUAL_WRITE', grayReadPercent: 0, stopDualWritePercent: 0 }, [
      'writes: old then new again; the new instance missed every write while aborted',
      'next: run backfill and a forward reconciliation before gray read',
    ]);
  }
  const from = phaseIndex(current.phase);
  const target = phaseIndex(to);
  if (target < from)
    return request.rollback === true
      ? planRollback(current, request, latestRecon)
      : fail('ROLLBACK_REQUIRED', `${current.phase} → ${to}`);
  if (request.rollback === true) return fail('NOT_A_ROLLBACK', `${current.phase} → ${to}`);
  if (target === from) return planSamePhase(current, request, latestRecon);
  if (target !== from + 1)
    return fail('NOT_NEXT_PHASE', `${current.phase} → ${to}; next is ${MIGRATION_PHASE_ORDER[from + 1]}`);
  if (phaseTraits(to).takesPercent !== null && percent === undefined)
    return fail('PERCENT_REQUIRED', `${to} needs one`);
  return planAdvance(current, request, latestRecon);
}

/** Every forward step from GRAY_READ on: a failure unless the gate is open or overridden (audited in effects). */
function cutoverGuard(
  request: TransitionRequest,
  recon: LatestReconciliation | null,
  effects: string[],
): TransitionResult | null {
  const problem = reconGate(recon);
  if (problem === null) return null;
  if (request.override === undefined) return fail(problem.code, problem.detail);
  effects.push(`audit: override of ${problem.code} (${problem.detail}): ${request.override.reason.trim()}`);
  return null;
}

/** A step to the next phase: its own checks and effects, then the guards its traits call for. */
function planAdvance(
  current: TMigration,
  request: TransitionRequest,
  recon: LatestReconciliation | null,
): TransitionResult {
  const step = advanceStep(current, request);
  if (!('patch' in step)) return step;
  const { patch, effects } = step;
  const to = phaseTraits(request.to);
  // The gate (cutover-gate.ts) guards every forward step from GRAY_READ on; a change of sync truth also waits for compensation.
  const blocked =
    (to.cutoverGated ? cutoverGuard(request, recon, effects) : null) ??
    (to.truth !== phaseTraits(current.phase).truth ? compensationGuard(request, recon, effects) : null);
  return blocked ?? done(current, patch, effects);
}

function advanceStep(
  current: TMigration,
  request: TransitionRequest,
): { patch: Partial<TMigration>; effects: string[] } | TransitionResult {
  switch (request.to) {
    case 'BACKFILL':
      return {
        patch: { phase: 'BACKFILL' },
        effects: [
          'routing unchanged: read old, write old then new',
          'next: start the backfill worker (resumes from its persisted cursor)',
        ],
      };
    case 'RECONCILE':
      return {
        patch: { phase: 'RECONCILE' },
        effects: [
          'routing unchanged: read old, write old then new',
          'next: run forward (old→new) and reverse (new→old) reconciliation',
        ],
      };
    case 'GRAY_READ': {
      const p = request.percent ?? 0;
      const effects = [
        `reads: new for ${p}% of the meetings in scope (buckets < ${p * 100}); writes stay old then new`,
      ];
      return { patch: { phase: 'GRAY_READ', grayReadPercent: p, stopDualWritePercent: 0 }, effects };
    }
    case 'WRITE_ORDER_SWITCH': {
      if (current.grayReadPercent < 100)
        return fail('GRAY_READ_INCOMPLETE', `gray read is at ${current.grayReadPercent}%`);
      const effects = [
        'writes: new then old (the new instance becomes the sync truth) for 100% of the meetings in scope; reads: new',
        'reconciliation now repairs plain values from the new instance',
      ];
      return { patch: { phase: 'WRITE_ORDER_SWITCH' }, effects };
    }
    case 'STOP_DUAL_WRITE': {
      const q = request.percent ?? 0;
      const effects = [
        `writes: new only for ${q}% of the meetings in scope (buckets < ${q * 100}), new then old for the rest; reads: new`,
      ];
      return { patch: { phase: 'STOP_DUAL_WRITE', stopDualWritePercent: q }, effects };
    }
    case 'DONE': {
      if (current.stopDualWritePercent < 100)
        return fail('STOP_DUAL_WRITE_INCOMPLETE', `stop-dual-write is at ${current.stopDualWritePercent}%`);
      return {
        patch: { phase: 'DONE' },
        effects: [
          'the code routes to the new instance only (100% of the meetings in scope)',
          'old keys may be cleaned up by a job',
        ],
      };
    }
    default:
      return fail('NOT_NEXT_PHASE', `${current.phase} → ${request.to}`);
  }
}

/** A percentage change inside GRAY_READ or STOP_DUAL_WRITE. */
function planSamePhase(
  current: TMigration,
  request: TransitionRequest,
  recon: LatestReconciliation | null,
): TransitionResult {
  const p = request.percent;
  if (phaseTraits(current.phase).takesPercent !== null && p === undefined)
    return fail('PERCENT_REQUIRED', `${current.phase} needs one`);
  if (current.phase === 'GRAY_READ' && p !== undefined && p !== current.grayReadPercent) {
    if (p < current.grayReadPercent)
      return done(current, { grayReadPercent: p }, [
        `reads: back to old for the meetings above ${p}% (buckets ≥ ${p * 100})`,
      ]);
    const effects = [
      `reads: new for ${p}% of the meetings in scope (was ${current.grayReadPercent}%); writes stay old then new`,
    ];
    return cutoverGuard(request, recon, effects) ?? done(current, { grayReadPercent: p }, effects);
  }
  if (current.phase === 'STOP_DUAL_WRITE' && p !== undefined && p !== current.stopDualWritePercent) {
    if (p > current.stopDualWritePercent) {
      const effects = [`writes: new only for ${p}% of the meetings in scope (was ${current.stopDualWritePercent}%)`];
      return cutoverGuard(request, recon, effects) ?? done(current, { stopDualWritePercent: p }, effects);
    }
    return done(current, { stopDualWritePercent: p }, [
      `writes: buckets ≥ ${p * 100} write new then old again`,
      'reconcile new→old: the old instance missed writes for the buckets that stopped dual-writing',
    ]);
  }
  return fail('NO_CHANGE', `${current.phase}`);
}

function planRollback(
  current: TMigration,
  request: TransitionRequest,
  recon: LatestReconciliation | null,
): TransitionResult {
  const { to, percent } = request;
  const effects: string[] = [`rollback ${current.phase} → ${to}: routing returns to that phase`];
  // Back across the write-order switch, the sync truth flips back to old.
  if (phaseTraits(current.phase).truth === 'new' && phaseTraits(to).truth === 'old') {
    const blocked = compensationGuard(request, recon, effects);
    if (blocked) return blocked;
  }
  const oldMissedWrites = oldMissesWrites(current);
  let patch: Partial<TMigration>;
  switch (to) {
    case 'STOP_DUAL_WRITE':
      patch = { phase: to, stopDualWritePercent: percent ?? 100 };
      break;
    case 'WRITE_ORDER_SWITCH':
      patch = { phase: to, stopDualWritePercent: 0 };
      break;
    case 'GRAY_READ':
      patch = { phase: to, grayReadPercent: percent ?? 100, stopDualWritePercent: 0 };
      effects.push('writes: old then new again (the old instance is the sync truth)');
      break;
    default:
      patch = { phase: to, grayReadPercent: 0, stopDualWritePercent: 0 };
      effects.push('reads: old for every bucket; writes: old then new');
  }
  if (oldMissedWrites && phaseTraits(to).newOnly === 0) {
    effects.push('reconcile new→old now: the old instance missed writes while dual-write was stopped');
  }
  return done(current, patch, effects);
}

/** A failure result while compensation is pending and not overridden; otherwise null (an override is audited). */
function compensationGuard(
  request: TransitionRequest,
  recon: LatestReconciliation | null,
  effects: string[],
): TransitionResult | null {
  const pending = recon?.pendingCompensation ?? 0;
  if (pending <= 0) return null;
  if (request.override === undefined) return fail('COMPENSATION_PENDING', `${pending} queued`);
  effects.push(`audit: override of COMPENSATION_PENDING (${pending} queued): ${request.override.reason.trim()}`);
  return null;
}

function planAbort(current: TMigration, request: TransitionRequest): TransitionResult {
  if (current.phase === 'ABORTED') return fail('ALREADY_ABORTED');
  const effects = ['routing: read and write the old instance only; the new instance stops receiving writes'];
  if (oldMissesWrites(current)) {
    if (request.override === undefined)
      return fail('ABORT_LOSES_WRITES', `${current.phase} ${current.stopDualWritePercent}%`);
    effects.push(`audit: override of ABORT_LOSES_WRITES: ${request.override.reason.trim()}`);
  }
  return done(current, { phase: 'ABORTED', grayReadPercent: 0, stopDualWritePercent: 0 }, effects);
}

/** Some writes reached only the new instance: the migration's phase writes new-only for a share above 0. */
function oldMissesWrites(m: TMigration): boolean {
  const newOnly = phaseTraits(m.phase).newOnly;
  return newOnly === 'stopDualWrite' ? m.stopDualWritePercent > 0 : newOnly > 0;
}

function done(current: TMigration, patch: Partial<TMigration>, effects: string[]): TransitionResult {
  return { ok: true, next: { ...current, ...patch }, effects };
}
