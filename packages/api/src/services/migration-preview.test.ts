import { describe, expect, it } from 'vitest';
import { routingShares } from './migration-preview-service.ts';

const m = (phase: Parameters<typeof routingShares>[0]['phase'], grayReadPercent = 0, stopDualWritePercent = 0) => ({
  phase,
  grayReadPercent,
  stopDualWritePercent,
});

describe('routingShares', () => {
  it('says which share of the meetings in scope reads new, writes new only, and the write order', () => {
    expect(routingShares(m('RECONCILE'))).toEqual({
      phase: 'RECONCILE',
      readsNewPercent: 0,
      newOnlyPercent: 0,
      writeOrder: 'old then new',
    });
    expect(routingShares(m('GRAY_READ', 30))).toMatchObject({ readsNewPercent: 30, writeOrder: 'old then new' });
    expect(routingShares(m('WRITE_ORDER_SWITCH', 100))).toMatchObject({
      readsNewPercent: 100,
      newOnlyPercent: 0,
      writeOrder: 'new then old',
    });
    expect(routingShares(m('STOP_DUAL_WRITE', 100, 40))).toMatchObject({ readsNewPercent: 100, newOnlyPercent: 40 });
    expect(routingShares(m('DONE', 100, 100))).toMatchObject({ newOnlyPercent: 100 });
    expect(routingShares(m('ABORTED'))).toMatchObject({ readsNewPercent: 0, writeOrder: 'old only' });
  });
});
