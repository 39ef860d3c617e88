/**
 * Seed 001 §8.3.4.3 shadow-read compare during gray read, against real redis-servers: sampled
 * reads are read from both sides, the client gets the routed side, and a planted difference
 * and a key missing on the new side are counted per migration and key type.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { demoSuite, meetingId } from './fixture.ts';

const suite = demoSuite();

function gray(percent: number, shadowReadRate: number | undefined): void {
  suite.demo.apply((next) => {
    next.migrations = [
      {
        id: 'mg1',
        name: 'move code 1',
        code: 1,
        from: 'gz-personal',
        to: 'spare',
        phase: 'GRAY_READ',
        grayReadPercent: percent,
        stopDualWritePercent: 0,
        ...(shadowReadRate === undefined ? {} : { shadowReadRate }),
      },
    ];
  });
}

const counts = () => suite.demo.proxy.ctx.guard.shadow.snapshot()['mg1']?.['meeting_info'];

describe('shadow-read compare', () => {
  const [same, differs, missing, nowhere] = [701n, 702n, 703n, 704n].map((r) => meetingId(1, r)) as [
    string,
    string,
    string,
    string,
  ];

  beforeAll(async () => {
    const old = suite.demo.direct('gz-personal');
    const neu = suite.demo.direct('others'); // the spare lives on `others` in the fixture
    await old.set(same, 'v');
    await neu.set(same, 'v');
    await old.set(differs, 'old-value');
    await neu.set(differs, 'new-value');
    await old.set(missing, 'only-old');
  });

  it('compares nothing without a shadow rate', async () => {
    gray(100, undefined);
    await suite.demo.client().get(differs);
    expect(counts()).toBeUndefined();
  });

  it('answers from the routed side and counts equal, differing, missing-on-new and not-found per side', async () => {
    gray(100, 1);
    const c = suite.demo.client();
    // 100% gray: reads are routed to the new side.
    expect(await c.get(same)).toBe('v');
    expect(await c.get(differs)).toBe('new-value');
    expect(await c.get(missing)).toBeNull();
    expect(await c.get(nowhere)).toBeNull();
    await expect.poll(() => counts()?.compared, { timeout: 2000 }).toBe(4);
    expect(counts()).toEqual({ compared: 4, equal: 2, differing: 2, missingOnNew: 1, notFoundOld: 1, notFoundNew: 2 });
  });

  it('at 0% the old side answers and is still compared against the new', async () => {
    gray(0, 1);
    expect(await suite.demo.client().get(missing)).toBe('only-old');
    await expect.poll(() => counts()?.compared, { timeout: 2000 }).toBe(5);
    expect(counts()?.missingOnNew).toBe(2);
    // The counters reach the telemetry snapshot that heartbeats and /metrics read.
    expect(suite.demo.proxy.ctx.guard.snapshot().shadow?.['mg1']?.['meeting_info']?.compared).toBe(5);
  });
});
