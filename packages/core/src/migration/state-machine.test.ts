import { describe, expect, it } from 'vitest';
import type { TMigration } from '../config/schema.ts';
import { compileConfig } from '../routing/compile-config.ts';
import { routeKey } from '../routing/route-key.ts';
import { isRouteFailure } from '../routing/types.ts';
import { demo, midWithCode } from '../test-support/fixtures.ts';
import { planTransition, truthSideOf, ZTransitionRequest, type TransitionRequest, type TransitionResult } from './state-machine.ts';

const mig = (phase: TMigration['phase'], over: Partial<TMigration> = {}): TMigration => ({
  id: 'm1', name: 'move code 1', code: 1, from: 'gz-personal', to: 'spare', phase, grayReadPercent: 0, stopDualWritePercent: 0, ...over,
});
const clean = { unresolved: 0 };

function ok(r: TransitionResult): TMigration {
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.next;
}
function code(r: TransitionResult): string {
  return r.ok ? 'ok' : r.code;
}

/** Routing of 200 code-1 meeting IDs under a migration state: read and write instances per key. */
function routing(m: TMigration): string[] {
  const cfg = compileConfig({ ...demo(), migrations: [m] });
  const out: string[] = [];
  for (let i = 0; i < 200; i++) {
    const d = routeKey(cfg, midWithCode(1, (1n << 31n) + BigInt(i * 7919)));
    if (isRouteFailure(d)) throw new Error(d.message);
    out.push(`${d.read}|${d.writes.join('>')}`);
  }
  return out;
}

describe('planTransition: forward path', () => {
  it('walks DUAL_WRITE → DONE one phase at a time with the guards satisfied', () => {
    const steps: TransitionRequest[] = [
      { to: 'BACKFILL' }, { to: 'RECONCILE' }, { to: 'GRAY_READ', percent: 10 }, { to: 'GRAY_READ', percent: 100 },
      { to: 'WRITE_ORDER_SWITCH' }, { to: 'STOP_DUAL_WRITE', percent: 50 }, { to: 'STOP_DUAL_WRITE', percent: 100 }, { to: 'DONE' },
    ];
    let m = mig('DUAL_WRITE');
    for (const s of steps) m = ok(planTransition(m, s, clean));
    expect(m).toMatchObject({ phase: 'DONE', grayReadPercent: 100, stopDualWritePercent: 100 });
  });

  it('refuses skipping phases and unmarked backward moves', () => {
    expect(code(planTransition(mig('DUAL_WRITE'), { to: 'RECONCILE' }, clean))).toBe('NOT_NEXT_PHASE');
    expect(code(planTransition(mig('RECONCILE'), { to: 'BACKFILL' }, clean))).toBe('ROLLBACK_REQUIRED');
    expect(code(planTransition(mig('BACKFILL'), { to: 'RECONCILE', rollback: true }, clean))).toBe('NOT_A_ROLLBACK');
    expect(code(planTransition(mig('BACKFILL'), { to: 'BACKFILL' }, clean))).toBe('NO_CHANGE');
  });

  it('validates percentages', () => {
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 101 }, clean))).toBe('PERCENT_INVALID');
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: Number.NaN }, clean))).toBe('PERCENT_INVALID');
    expect(code(planTransition(mig('DUAL_WRITE'), { to: 'BACKFILL', percent: 5 }, clean))).toBe('PERCENT_NOT_APPLICABLE');
  });
});

describe('planTransition: guard rails', () => {
  it('refuses raising gray read while the latest reconciliation has unresolved differences', () => {
    const r = planTransition(mig('GRAY_READ', { grayReadPercent: 10 }), { to: 'GRAY_READ', percent: 20 }, { unresolved: 3 });
    expect(r).toMatchObject({ ok: false, code: 'RECON_UNRESOLVED' });
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 1 }, null))).toBe('RECON_MISSING');
  });

  it('lets an override with a reason raise it, and records the reason as an audit effect', () => {
    const r = planTransition(mig('GRAY_READ', { grayReadPercent: 10 }), { to: 'GRAY_READ', percent: 20, override: { reason: 'u2m diffs are a known signup race' } }, { unresolved: 3 });
    expect(r.ok && r.next.grayReadPercent).toBe(20);
    expect(r.ok && r.effects.join('\n')).toMatch(/audit: override of RECON_UNRESOLVED.*known signup race/);
    expect(code(planTransition(mig('GRAY_READ'), { to: 'GRAY_READ', percent: 20, override: { reason: ' ' } }, { unresolved: 3 }))).toBe('OVERRIDE_REASON_REQUIRED');
  });

  it('always allows lowering gray read and entering it at 0%', () => {
    expect(ok(planTransition(mig('GRAY_READ', { grayReadPercent: 50 }), { to: 'GRAY_READ', percent: 5 }, { unresolved: 9 })).grayReadPercent).toBe(5);
    expect(ok(planTransition(mig('RECONCILE'), { to: 'GRAY_READ' }, null)).phase).toBe('GRAY_READ');
  });

  it('requires 100% gray read for WRITE_ORDER_SWITCH and 100% stop-dual-write for DONE', () => {
    expect(code(planTransition(mig('GRAY_READ', { grayReadPercent: 99 }), { to: 'WRITE_ORDER_SWITCH' }, clean))).toBe('GRAY_READ_INCOMPLETE');
    expect(code(planTransition(mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 90 }), { to: 'DONE' }, clean))).toBe('STOP_DUAL_WRITE_INCOMPLETE');
  });
});

describe('planTransition: compensation guard', () => {
  it('the write order changes (either way) only with an empty compensation queue, or an override', () => {
    const full = mig('GRAY_READ', { grayReadPercent: 100 });
    expect(code(planTransition(full, { to: 'WRITE_ORDER_SWITCH' }, { unresolved: 0, pendingCompensation: 4 }))).toBe('COMPENSATION_PENDING');
    expect(code(planTransition(full, { to: 'WRITE_ORDER_SWITCH' }, { unresolved: 0, pendingCompensation: 0 }))).toBe('ok');
    const r = planTransition(full, { to: 'WRITE_ORDER_SWITCH', override: { reason: 'queue holds only dead keys' } }, { unresolved: 0, pendingCompensation: 4 });
    expect(r.ok && r.effects.join('\n')).toMatch(/override of COMPENSATION_PENDING/);
    const switched = mig('WRITE_ORDER_SWITCH', { grayReadPercent: 100 });
    expect(code(planTransition(switched, { to: 'GRAY_READ', rollback: true }, { unresolved: 0, pendingCompensation: 1 }))).toBe('COMPENSATION_PENDING');
    // Rollbacks that keep the write order are not held up.
    const stopping = mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 });
    expect(code(planTransition(stopping, { to: 'WRITE_ORDER_SWITCH', rollback: true }, { unresolved: 0, pendingCompensation: 1 }))).toBe('ok');
  });
});

describe('planTransition: abort and rollback', () => {
  it('aborts from any phase; where the old side missed writes only with an override', () => {
    for (const phase of ['DUAL_WRITE', 'BACKFILL', 'RECONCILE', 'GRAY_READ', 'WRITE_ORDER_SWITCH'] as const) {
      expect(ok(planTransition(mig(phase, { grayReadPercent: 100 }), { to: 'ABORTED' }, null))).toMatchObject({ phase: 'ABORTED', grayReadPercent: 0 });
    }
    const stopped = mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 30 });
    expect(code(planTransition(stopped, { to: 'ABORTED' }, null))).toBe('ABORT_LOSES_WRITES');
    expect(ok(planTransition(stopped, { to: 'ABORTED', override: { reason: 'new instance lost' } }, null)).phase).toBe('ABORTED');
    expect(code(planTransition(mig('ABORTED'), { to: 'ABORTED' }, null))).toBe('ALREADY_ABORTED');
  });

  it('resumes an aborted migration only at DUAL_WRITE', () => {
    expect(code(planTransition(mig('ABORTED'), { to: 'BACKFILL' }, null))).toBe('ABORTED_RESUME_ONLY');
    expect(ok(planTransition(mig('ABORTED'), { to: 'DUAL_WRITE', rollback: true }, null)).phase).toBe('DUAL_WRITE');
  });

  it('every forward transition is reversible and the rollback restores the earlier routing', () => {
    const path: TransitionRequest[] = [
      { to: 'BACKFILL' }, { to: 'RECONCILE' }, { to: 'GRAY_READ', percent: 100 },
      { to: 'WRITE_ORDER_SWITCH' }, { to: 'STOP_DUAL_WRITE', percent: 100 }, { to: 'DONE' },
    ];
    let m = mig('DUAL_WRITE');
    for (const step of path) {
      const before = m;
      const after = ok(planTransition(before, step, clean));
      const back = ok(planTransition(after, { to: before.phase, rollback: true }, clean));
      expect(back).toEqual(before);
      expect(routing(back)).toEqual(routing(before));
      m = after;
    }
  });

  it('rolling back a partial stop-dual-write asks for a new→old reconciliation', () => {
    const r = planTransition(mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 }), { to: 'WRITE_ORDER_SWITCH', rollback: true }, clean);
    expect(r.ok && r.next).toMatchObject({ phase: 'WRITE_ORDER_SWITCH', stopDualWritePercent: 0 });
    expect(r.ok && r.effects.join('\n')).toMatch(/reconcile new→old/);
  });
});

describe('ZTransitionRequest', () => {
  it('validates operator input at the boundary', () => {
    expect(ZTransitionRequest.safeParse({ to: 'GRAY_READ', percent: 25, override: { reason: 'known diff' } }).success).toBe(true);
    expect(ZTransitionRequest.safeParse({ to: 'SIDEWAYS' }).success).toBe(false);
    expect(ZTransitionRequest.safeParse({ to: 'GRAY_READ', override: { reason: '  ' } }).success).toBe(false);
  });
});

describe('truthSideOf', () => {
  it('is old until the write order switches', () => {
    expect(truthSideOf('GRAY_READ')).toBe('old');
    expect(truthSideOf('WRITE_ORDER_SWITCH')).toBe('new');
    expect(truthSideOf('ABORTED')).toBe('old');
  });
});
