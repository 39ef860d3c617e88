import { describe, expect, it } from 'vitest';
import type { TMigration } from '@switchyard/core';
import { jobFor } from './migrator.ts';

const m = (phase: TMigration['phase'], gray = 0, stop = 0): TMigration => ({
  id: 'm',
  name: 'm',
  code: 1,
  from: 'a',
  to: 'b',
  phase,
  grayReadPercent: gray,
  stopDualWritePercent: stop,
});

describe('jobFor', () => {
  it('runs no phase job in DUAL_WRITE, DONE and ABORTED, and the backfill in BACKFILL', () => {
    expect([jobFor(m('DUAL_WRITE')), jobFor(m('DONE')), jobFor(m('ABORTED'))]).toEqual([null, null, null]);
    expect(jobFor(m('BACKFILL'))).toBe('backfill');
  });
  it('reconciles from RECONCILE on, with the truth side of the phase, and restarts on every transition', () => {
    expect(jobFor(m('RECONCILE'))).toMatch(/^reconcile:old:/);
    expect(jobFor(m('WRITE_ORDER_SWITCH', 100))).toMatch(/^reconcile:new:/);
    expect(jobFor(m('STOP_DUAL_WRITE', 100, 50))).not.toBe(jobFor(m('WRITE_ORDER_SWITCH', 100)));
    expect(jobFor(m('GRAY_READ', 50))).not.toBe(jobFor(m('GRAY_READ', 100)));
  });
});
