import { describe, expect, it } from 'vitest';
import {
  MIGRATION_PHASE_ORDER,
  MIGRATION_PHASES,
  PERCENT_PHASES,
  PHASE_TRAITS,
  RECON_PHASE_SPAN,
  RECON_PHASES,
  shownPercentOf,
  type MigrationPhase,
  type PhaseTraits,
} from './phase-traits.ts';
import { needsConfirmation, truthSideOf } from './state-machine.ts';

/** One trait across the phases, in MIGRATION_PHASES order (DUAL_WRITE … DONE, ABORTED), as one string. */
const column = (f: (p: MigrationPhase, t: PhaseTraits) => unknown): string =>
  MIGRATION_PHASES.map((p) => {
    const v = f(p, PHASE_TRAITS[p]);
    return v === true ? 'y' : v === false ? '.' : String(v);
  }).join(' ');

describe('phase traits', () => {
  it('orders every phase but ABORTED, with consecutive positions', () => {
    expect(MIGRATION_PHASE_ORDER).toEqual(MIGRATION_PHASES.slice(0, 7));
    expect(column((_, t) => t.order)).toBe('0 1 2 3 4 5 6 null');
    expect(Object.keys(PHASE_TRAITS).sort()).toEqual([...MIGRATION_PHASES].sort());
  });

  // The facts the code listed by hand before the table (compensation hook, migrator, state machine, console).
  it('keeps every fact the phases had before the table', () => {
    expect(column((_, t) => t.dualWrites)).toBe('y y y y y y . .');
    expect(column((_, t) => t.backfill)).toBe('. y . . . . . .');
    expect(column((_, t) => t.recon)).toBe('. . y y y y . .');
    expect(column((_, t) => t.cutoverGated)).toBe('. . . y y y y .');
    expect(column((p) => needsConfirmation(p))).toBe('. . . . . y y y');
    expect(column((_, t) => t.terminal)).toBe('. . . . . . y y');
    expect(column((p) => truthSideOf(p))).toBe('old old old old new new new old');
    expect(column((_, t) => t.takesPercent)).toBe('null null null grayRead null stopDualWrite null null');
    expect(column((_, t) => t.tone)).toBe('neutral neutral warn warn warn warn ok danger');
    expect([RECON_PHASES.length, RECON_PHASE_SPAN, PERCENT_PHASES.join()]).toEqual([
      4,
      'RECONCILE to STOP_DUAL_WRITE',
      'GRAY_READ,STOP_DUAL_WRITE',
    ]);
  });

  it('keeps the routing shares the step preview shows', () => {
    expect(column((_, t) => t.readsNew)).toBe('0 0 0 grayRead 100 100 100 0');
    expect(column((_, t) => t.newOnly)).toBe('0 0 0 0 0 stopDualWrite 100 0');
    expect(column((_, t) => t.writeOrder.replace(/ /g, '_'))).toBe(
      'old_then_new old_then_new old_then_new old_then_new new_then_old new_then_old new_then_old old_only',
    );
  });

  it('shows the percentage last moved to reach the phase', () => {
    const m = { grayReadPercent: 40, stopDualWritePercent: 70 };
    expect(MIGRATION_PHASES.map((phase) => shownPercentOf({ ...m, phase }))).toEqual([0, 0, 0, 40, 40, 70, 70, 0]);
  });
});
