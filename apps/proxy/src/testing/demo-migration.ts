/**
 * The migration the proxy's tests put under way (used only by `*.test.ts`): the demo's storage
 * code 6 split from sh-enterprise onto the spare instance, by default in DUAL_WRITE.
 */
import type { TMigration } from '@switchyard/core';

export function splitCode6(phase: TMigration['phase'] = 'DUAL_WRITE', over: Partial<TMigration> = {}): TMigration {
  return {
    id: 'm1',
    name: 'split 6',
    code: 6,
    from: 'sh-enterprise',
    to: 'spare',
    phase,
    grayReadPercent: 0,
    stopDualWritePercent: 0,
    ...over,
  };
}
