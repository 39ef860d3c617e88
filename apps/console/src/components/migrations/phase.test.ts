import { describe, expect, it } from 'vitest';
import { percentProblem } from './phase.ts';

describe('percentProblem', () => {
  it('requires a number from 0 to 100 where the phase takes a percentage', () => {
    expect(percentProblem('GRAY_READ', '')).toMatch(/required/);
    expect(percentProblem('GRAY_READ', 'abc')).toMatch(/0 to 100/);
    expect(percentProblem('STOP_DUAL_WRITE', '101')).toMatch(/0 to 100/);
    expect(percentProblem('STOP_DUAL_WRITE', '-5')).toMatch(/0 to 100/);
    expect(percentProblem('GRAY_READ', '0')).toBeUndefined();
    expect(percentProblem('GRAY_READ', ' 12.5 ')).toBeUndefined();
    expect(percentProblem('DONE', '')).toBeUndefined();
  });
});
