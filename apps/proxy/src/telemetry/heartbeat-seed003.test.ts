/** Seed 003 / 001 §8.3.4.3 fields of the heartbeat: throttle refusals (window delta) and shadow-read counters (cumulative). */
import { ZHeartbeatSummary } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { SummaryBuilder } from './heartbeat-summary.ts';
import { emptyTelemetry, mergeTelemetry, type TelemetrySnapshot } from './telemetry.ts';

const shadow = (compared: number, differing: number) => ({
  compared,
  equal: compared - differing,
  differing,
  missingOnNew: 0,
  notFoundOld: 0,
  notFoundNew: 0,
});
const snap = (throttles: Record<string, number>, compared: number): TelemetrySnapshot => ({
  ...emptyTelemetry(),
  drops: { callers: {}, keys: {}, throttles },
  shadow: { m1: { stable: shadow(compared, 1) } },
});

describe('heartbeat: throttles and shadow reads', () => {
  it('sends throttle refusals as window deltas and shadow counters as totals, valid against the schema', () => {
    const b = new SummaryBuilder();
    const first = b.next(snap({ hot: 7 }, 10), 1);
    expect(ZHeartbeatSummary.safeParse(first).success).toBe(true);
    expect(first.drops.throttles).toEqual({ hot: 7 });
    expect(first.shadow).toEqual({ m1: { stable: shadow(10, 1) } });
    const second = b.next(snap({ hot: 7 }, 12), 1);
    expect(second.drops.throttles).toBeUndefined();
    expect(second.shadow?.['m1']?.['stable']?.compared).toBe(12);
  });

  it('merges worker processes: throttles and shadow counters add up', () => {
    const merged = mergeTelemetry([snap({ hot: 2 }, 3), snap({ hot: 5, cold: 1 }, 4)]);
    expect(merged.drops.throttles).toEqual({ hot: 7, cold: 1 });
    expect(merged.shadow).toEqual({
      m1: { stable: { compared: 7, equal: 5, differing: 2, missingOnNew: 0, notFoundOld: 0, notFoundNew: 0 } },
    });
  });
});
