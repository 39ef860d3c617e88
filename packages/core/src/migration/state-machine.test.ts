import { describe, expect, it } from 'vitest';
import type { TMigration } from '../config/schema.ts';
import { compileConfig } from '../routing/compile-config.ts';
import { routeKey } from '../routing/route-key.ts';
import { isRouteFailure } from '../routing/types.ts';
import { demo, mig, midWithCode } from '../test-support/fixtures.ts';
import {
  planTransition,
  truthSideOf,
  ZTransitionRequest,
  type LatestReconciliation,
  type TransitionRequest,
  type TransitionResult,
} from './state-machine.ts';

const NOW = Date.UTC(2026, 0, 2);
const HOUR = 3600_000;
/** Facts after a clean forward and reverse run, both within the current phase and fresh. */
const facts = (over: Partial<LatestReconciliation> & { unresolved?: number } = {}): LatestReconciliation => {
  const { unresolved = 0, ...rest } = over;
  const run = { unresolved: 0, startedAt: NOW - 2 * HOUR, finishedAt: NOW - HOUR };
  return {
    forward: run,
    reverse: { ...run, unresolved },
    phaseStartedAt: NOW - 3 * HOUR,
    now: NOW,
    maxAgeMs: 24 * HOUR,
    ...rest,
  };
};
const clean = facts();
const NAME = 'move code 1';

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
      { to: 'BACKFILL' },
      { to: 'RECONCILE' },
      { to: 'GRAY_READ', percent: 10 },
      { to: 'GRAY_READ', percent: 100 },
      { to: 'WRITE_ORDER_SWITCH' },
      { to: 'STOP_DUAL_WRITE', percent: 50, confirm: NAME },
      { to: 'STOP_DUAL_WRITE', percent: 100, confirm: NAME },
      { to: 'DONE', confirm: NAME },
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

  it('validates percentages, and requires one where the phase takes it', () => {
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ' }, clean))).toBe('PERCENT_REQUIRED');
    expect(code(planTransition(mig('GRAY_READ', { grayReadPercent: 10 }), { to: 'GRAY_READ' }, clean))).toBe(
      'PERCENT_REQUIRED',
    );
    expect(
      code(
        planTransition(
          mig('WRITE_ORDER_SWITCH', { grayReadPercent: 100 }),
          { to: 'STOP_DUAL_WRITE', confirm: NAME },
          clean,
        ),
      ),
    ).toBe('PERCENT_REQUIRED');
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 101 }, clean))).toBe('PERCENT_INVALID');
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: Number.NaN }, clean))).toBe(
      'PERCENT_INVALID',
    );
    expect(code(planTransition(mig('DUAL_WRITE'), { to: 'BACKFILL', percent: 5 }, clean))).toBe(
      'PERCENT_NOT_APPLICABLE',
    );
  });
});

describe('planTransition: guard rails', () => {
  it('refuses raising gray read while the latest reconciliation has unresolved differences', () => {
    const r = planTransition(
      mig('GRAY_READ', { grayReadPercent: 10 }),
      { to: 'GRAY_READ', percent: 20 },
      facts({ unresolved: 3 }),
    );
    expect(r).toMatchObject({ ok: false, code: 'RECON_UNRESOLVED' });
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 1 }, null))).toBe('RECON_MISSING');
  });

  it('lets an override with a reason raise it, and records the reason as an audit effect', () => {
    const r = planTransition(
      mig('GRAY_READ', { grayReadPercent: 10 }),
      { to: 'GRAY_READ', percent: 20, override: { reason: 'u2m diffs are a known signup race' } },
      facts({ unresolved: 3 }),
    );
    expect(r.ok && r.next.grayReadPercent).toBe(20);
    expect(r.ok && r.effects.join('\n')).toMatch(/audit: override of RECON_UNRESOLVED.*known signup race/);
    expect(
      code(
        planTransition(
          mig('GRAY_READ'),
          { to: 'GRAY_READ', percent: 20, override: { reason: ' ' } },
          facts({ unresolved: 3 }),
        ),
      ),
    ).toBe('OVERRIDE_REASON_REQUIRED');
  });

  it('always allows lowering gray read; entering it (even at 0%) is a gated forward step', () => {
    // Was "entering it at 0%" with no facts: an empty percent slipped into GRAY_READ 0% past
    // every guard (issue 15 finding 5). Now the percent is required and the gate applies.
    expect(
      ok(
        planTransition(
          mig('GRAY_READ', { grayReadPercent: 50 }),
          { to: 'GRAY_READ', percent: 5 },
          facts({ unresolved: 9 }),
        ),
      ).grayReadPercent,
    ).toBe(5);
    expect(code(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 0 }, null))).toBe('RECON_MISSING');
    expect(ok(planTransition(mig('RECONCILE'), { to: 'GRAY_READ', percent: 0 }, clean)).phase).toBe('GRAY_READ');
  });

  it('requires 100% gray read for WRITE_ORDER_SWITCH and 100% stop-dual-write for DONE', () => {
    expect(code(planTransition(mig('GRAY_READ', { grayReadPercent: 99 }), { to: 'WRITE_ORDER_SWITCH' }, clean))).toBe(
      'GRAY_READ_INCOMPLETE',
    );
    expect(
      code(
        planTransition(
          mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 90 }),
          { to: 'DONE', confirm: NAME },
          clean,
        ),
      ),
    ).toBe('STOP_DUAL_WRITE_INCOMPLETE');
  });
});

describe('planTransition: the cutover gate', () => {
  /** Every forward step from GRAY_READ on, from the state it starts in. */
  const gated: [string, TMigration, TransitionRequest][] = [
    ['RECONCILE → GRAY_READ 10%', mig('RECONCILE'), { to: 'GRAY_READ', percent: 10 }],
    ['GRAY_READ 10% → 100%', mig('GRAY_READ', { grayReadPercent: 10 }), { to: 'GRAY_READ', percent: 100 }],
    ['→ WRITE_ORDER_SWITCH', mig('GRAY_READ', { grayReadPercent: 100 }), { to: 'WRITE_ORDER_SWITCH' }],
    [
      '→ STOP_DUAL_WRITE 50%',
      mig('WRITE_ORDER_SWITCH', { grayReadPercent: 100 }),
      { to: 'STOP_DUAL_WRITE', percent: 50, confirm: NAME },
    ],
    [
      'STOP_DUAL_WRITE 50% → 100%',
      mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 }),
      { to: 'STOP_DUAL_WRITE', percent: 100, confirm: NAME },
    ],
    [
      '→ DONE',
      mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 100 }),
      { to: 'DONE', confirm: NAME },
    ],
  ];
  const run = { unresolved: 0, startedAt: NOW - 2 * HOUR, finishedAt: NOW - HOUR };
  const blocked: [string, LatestReconciliation | null, string][] = [
    ['no facts', null, 'RECON_MISSING'],
    ['no reverse run', facts({ reverse: null }), 'RECON_MISSING'],
    ['unresolved differences', facts({ unresolved: 2 }), 'RECON_UNRESOLVED'],
    ['a run started before the phase began', facts({ forward: { ...run, startedAt: NOW - 4 * HOUR } }), 'RECON_STALE'],
    ['a run older than the maximum age', facts({ now: NOW + 30 * HOUR }), 'RECON_STALE'],
  ];
  for (const [step, from, request] of gated) {
    it(`${step}: refused without a fresh clean run in both directions, passes with an audited override`, () => {
      expect(code(planTransition(from, request, clean))).toBe('ok');
      for (const [what, f, expected] of blocked) {
        const r = planTransition(from, request, f);
        expect([what, code(r)]).toEqual([what, expected]);
        const over = planTransition(from, { ...request, override: { reason: `known: ${what}` } }, f);
        expect(
          over.ok &&
            over.effects.some((e) => e.startsWith(`audit: override of ${expected}`) && e.endsWith(`known: ${what}`)),
        ).toBe(true);
      }
    });
  }

  it("the maximum age is the caller's (configurable)", () => {
    const step = gated[2]!;
    expect(code(planTransition(step[1], step[2], facts({ maxAgeMs: HOUR / 2 })))).toBe('RECON_STALE');
    expect(code(planTransition(step[1], step[2], facts({ maxAgeMs: 2 * HOUR })))).toBe('ok');
  });

  it('says every reason in the message', () => {
    const r = planTransition(
      mig('RECONCILE'),
      { to: 'GRAY_READ', percent: 5 },
      facts({ reverse: null, unresolved: 0, forward: { ...run, unresolved: 4 } }),
    );
    expect(!r.ok && r.message).toMatch(/no finished reverse run; 4 unresolved/);
    expect(!r.ok && r.message).toMatch(/give an override reason/);
  });
});

describe('planTransition: typed confirmation', () => {
  it('DONE, STOP_DUAL_WRITE (any change) and ABORTED need the migration name typed', () => {
    const cases: [TMigration, TransitionRequest][] = [
      [mig('WRITE_ORDER_SWITCH', { grayReadPercent: 100 }), { to: 'STOP_DUAL_WRITE', percent: 10 }],
      [
        mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 }),
        { to: 'STOP_DUAL_WRITE', percent: 20 },
      ],
      [mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 100 }), { to: 'DONE' }],
      [mig('GRAY_READ', { grayReadPercent: 30 }), { to: 'ABORTED' }],
    ];
    for (const [m, request] of cases) {
      const r = planTransition(m, request, clean);
      expect(r).toMatchObject({
        ok: false,
        code: 'CONFIRMATION_REQUIRED',
        message: expect.stringContaining(`"${NAME}"`),
      });
      expect(code(planTransition(m, { ...request, confirm: 'move code 2' }, clean))).toBe('CONFIRMATION_REQUIRED');
      expect(code(planTransition(m, { ...request, confirm: NAME }, clean))).toBe('ok');
    }
    // A refusal for another reason is reported as that reason, not as a missing name.
    expect(code(planTransition(mig('GRAY_READ', { grayReadPercent: 100 }), { to: 'DONE' }, clean))).toBe(
      'NOT_NEXT_PHASE',
    );
  });
});

describe('planTransition: compensation guard', () => {
  it('the write order changes (either way) only with an empty compensation queue, or an override', () => {
    const full = mig('GRAY_READ', { grayReadPercent: 100 });
    expect(code(planTransition(full, { to: 'WRITE_ORDER_SWITCH' }, facts({ pendingCompensation: 4 })))).toBe(
      'COMPENSATION_PENDING',
    );
    expect(code(planTransition(full, { to: 'WRITE_ORDER_SWITCH' }, facts({ pendingCompensation: 0 })))).toBe('ok');
    const r = planTransition(
      full,
      { to: 'WRITE_ORDER_SWITCH', override: { reason: 'queue holds only dead keys' } },
      facts({ pendingCompensation: 4 }),
    );
    expect(r.ok && r.effects.join('\n')).toMatch(/override of COMPENSATION_PENDING/);
    const switched = mig('WRITE_ORDER_SWITCH', { grayReadPercent: 100 });
    expect(code(planTransition(switched, { to: 'GRAY_READ', rollback: true }, facts({ pendingCompensation: 1 })))).toBe(
      'COMPENSATION_PENDING',
    );
    // Rollbacks that keep the write order are not held up.
    const stopping = mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 });
    expect(
      code(planTransition(stopping, { to: 'WRITE_ORDER_SWITCH', rollback: true }, facts({ pendingCompensation: 1 }))),
    ).toBe('ok');
  });
});

describe('planTransition: abort and rollback', () => {
  it('aborts from any phase; where the old side missed writes only with an override', () => {
    for (const phase of ['DUAL_WRITE', 'BACKFILL', 'RECONCILE', 'GRAY_READ', 'WRITE_ORDER_SWITCH'] as const) {
      expect(
        ok(planTransition(mig(phase, { grayReadPercent: 100 }), { to: 'ABORTED', confirm: NAME }, null)),
      ).toMatchObject({ phase: 'ABORTED', grayReadPercent: 0 });
    }
    const stopped = mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 30 });
    expect(code(planTransition(stopped, { to: 'ABORTED', confirm: NAME }, null))).toBe('ABORT_LOSES_WRITES');
    expect(
      ok(planTransition(stopped, { to: 'ABORTED', override: { reason: 'new instance lost' }, confirm: NAME }, null))
        .phase,
    ).toBe('ABORTED');
    expect(code(planTransition(mig('ABORTED'), { to: 'ABORTED', confirm: NAME }, null))).toBe('ALREADY_ABORTED');
  });

  it('resumes an aborted migration only at DUAL_WRITE', () => {
    expect(code(planTransition(mig('ABORTED'), { to: 'BACKFILL' }, null))).toBe('ABORTED_RESUME_ONLY');
    expect(ok(planTransition(mig('ABORTED'), { to: 'DUAL_WRITE', rollback: true }, null)).phase).toBe('DUAL_WRITE');
  });

  it('every forward transition is reversible and the rollback restores the earlier routing', () => {
    const path: TransitionRequest[] = [
      { to: 'BACKFILL' },
      { to: 'RECONCILE' },
      { to: 'GRAY_READ', percent: 100 },
      { to: 'WRITE_ORDER_SWITCH' },
      { to: 'STOP_DUAL_WRITE', percent: 100, confirm: NAME },
      { to: 'DONE', confirm: NAME },
    ];
    let m = mig('DUAL_WRITE');
    for (const step of path) {
      const before = m;
      const after = ok(planTransition(before, step, clean));
      const back = ok(planTransition(after, { to: before.phase, rollback: true, confirm: NAME }, clean));
      expect(back).toEqual(before);
      expect(routing(back)).toEqual(routing(before));
      m = after;
    }
  });

  it('rolling back a partial stop-dual-write asks for a new→old reconciliation', () => {
    const r = planTransition(
      mig('STOP_DUAL_WRITE', { grayReadPercent: 100, stopDualWritePercent: 50 }),
      { to: 'WRITE_ORDER_SWITCH', rollback: true },
      clean,
    );
    expect(r.ok && r.next).toMatchObject({ phase: 'WRITE_ORDER_SWITCH', stopDualWritePercent: 0 });
    expect(r.ok && r.effects.join('\n')).toMatch(/reconcile new→old/);
  });
});

describe('ZTransitionRequest', () => {
  it('validates operator input at the boundary', () => {
    expect(
      ZTransitionRequest.safeParse({ to: 'GRAY_READ', percent: 25, override: { reason: 'known diff' } }).success,
    ).toBe(true);
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
