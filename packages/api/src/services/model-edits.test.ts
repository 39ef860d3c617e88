import { describe, expect, it } from 'vitest';
import { demoFixtureSnapshot } from '../testing/demo-fixture.ts';
import { edits } from './model-edits.ts';

const s = demoFixtureSnapshot();

describe('model edits', () => {
  it('refuses removing what others still use', () => {
    expect(() => edits.removeRegion(s, 'gz')).toThrow(/still used by instance gz-personal/);
    expect(() => edits.removeInstance(s, 'gz-personal')).toThrow(/code 1/);
    expect(() => edits.removeCode(s, 2)).toThrow(/deployedCodes, bottom/);
  });

  it('creates callers once and removes their drop rules with them', () => {
    const caller = { name: 'demo', secretHash: 'h', commands: ['*'], keyTypes: ['*'] };
    expect(() => edits.createCaller(s, caller)).toThrow(/already exists/);
    const withRule = { ...s, degradation: { callers: [{ caller: 'demo', ratio: 0.5 }], keys: [] } };
    expect(edits.removeCaller(withRule, 'demo').degradation.callers).toEqual([]);
  });

  it('keeps deployed codes unique and sorted', () => {
    expect(edits.setDeployed(s, [6, 1, 6, 2], 2).deployedCodes).toEqual([1, 2, 6]);
  });

  it('does not mutate its input', () => {
    const before = JSON.stringify(s);
    edits.upsertRegion(s, { name: 'tj' });
    expect(JSON.stringify(s)).toBe(before);
  });
});
