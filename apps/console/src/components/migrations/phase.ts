/** Phase helpers for the migration pages. */
import {
  isMigrationPhase as isPhase,
  MIGRATION_PHASE_ORDER,
  phaseTraits,
  type TMigrationPhase,
} from '@switchyard/core';

export const phaseTone = (phase: string): 'neutral' | 'ok' | 'warn' | 'danger' =>
  isPhase(phase) ? phaseTraits(phase).tone : 'warn';

/** The phase after `phase` in the order, or null at the end (and for ABORTED). */
export function nextPhase(phase: TMigrationPhase): TMigrationPhase | null {
  const i = MIGRATION_PHASE_ORDER.indexOf(phase);
  return i < 0 ? null : (MIGRATION_PHASE_ORDER[i + 1] ?? null);
}

/** Earlier phases a rollback may go to, newest first. */
export function earlierPhases(phase: TMigrationPhase): TMigrationPhase[] {
  if (phase === 'ABORTED') return ['DUAL_WRITE'];
  const i = MIGRATION_PHASE_ORDER.indexOf(phase);
  return MIGRATION_PHASE_ORDER.slice(0, Math.max(0, i)).reverse();
}

export const takesPercent = (phase: string): boolean => isPhase(phase) && phaseTraits(phase).takesPercent !== null;

/** Required where the phase takes one; "", "abc" and out-of-range are refused before the server sees them. */
export function percentProblem(to: string, text: string): string | undefined {
  if (!takesPercent(to)) return undefined;
  const t = text.trim();
  if (t === '') return 'required: a percentage from 0 to 100';
  if (!/^\d+(\.\d+)?$/.test(t) || Number(t) > 100) return 'a number from 0 to 100';
  return undefined;
}
