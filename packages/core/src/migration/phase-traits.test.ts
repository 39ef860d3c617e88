import { describe, expect, it } from 'vitest';
import {
  MIGRATION_PHASE_ORDER,
  MIGRATION_PHASES,
  PERCENT_PHASES,
  PHASE_TRAITS,
  RECON_PHASE_SPAN,
  RECON_PHASES,
  shownPercentOf,
} from './phase-traits.ts';
import { needsConfirmation, truthSideOf } from './state-machine.ts';

describe('phase traits', () => {
  it('orders every phase but ABORTED, with distinct consecutive positions', () => {
    expect(MIGRATION_PHASE_ORDER).toEqual([
      'DUAL_WRITE',
      'BACKFILL',
      'RECONCILE',
      'GRAY_READ',
      'WRITE_ORDER_SWITCH',
      'STOP_DUAL_WRITE',
      'DONE',
    ]);
    expect(MIGRATION_PHASE_ORDER.map((p) => PHASE_TRAITS[p].order)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(Object.keys(PHASE_TRAITS).sort()).toEqual([...MIGRATION_PHASES].sort());
  });

  it('keeps the facts the code listed by hand before the table', () => {
    const where = (f: (p: (typeof MIGRATION_PHASES)[number]) => boolean) => MIGRATION_PHASES.filter(f);
    expect(where((p) => PHASE_TRAITS[p].dualWrites)).toEqual([
      'DUAL_WRITE',
      'BACKFILL',
      'RECONCILE',
      'GRAY_READ',
      'WRITE_ORDER_SWITCH',
      'STOP_DUAL_WRITE',
    ]);
    expect(RECON_PHASES).toEqual(['RECONCILE', 'GRAY_READ', 'WRITE_ORDER_SWITCH', 'STOP_DUAL_WRITE']);
    expect(RECON_PHASE_SPAN).toBe('RECONCILE to STOP_DUAL_WRITE');
    expect(PERCENT_PHASES).toEqual(['GRAY_READ', 'STOP_DUAL_WRITE']);
    expect(where((p) => truthSideOf(p) === 'new')).toEqual(['WRITE_ORDER_SWITCH', 'STOP_DUAL_WRITE', 'DONE']);
    expect(where(needsConfirmation)).toEqual(['STOP_DUAL_WRITE', 'DONE', 'ABORTED']);
    expect(where((p) => PHASE_TRAITS[p].cutoverGated)).toEqual([
      'GRAY_READ',
      'WRITE_ORDER_SWITCH',
      'STOP_DUAL_WRITE',
      'DONE',
    ]);
    expect(where((p) => PHASE_TRAITS[p].terminal)).toEqual(['DONE', 'ABORTED']);
    expect(where((p) => PHASE_TRAITS[p].backfill)).toEqual(['BACKFILL']);
  });

  it('shows the percentage last moved to reach the phase', () => {
    const m = { grayReadPercent: 40, stopDualWritePercent: 70 };
    expect(MIGRATION_PHASES.map((phase) => shownPercentOf({ ...m, phase }))).toEqual([0, 0, 0, 40, 40, 70, 70, 0]);
  });
});
