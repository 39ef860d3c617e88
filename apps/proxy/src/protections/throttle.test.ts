import { compileConfig, demoSnapshot, parseSnapshot, type TConfigSnapshotInput } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { commandSpec } from '../routing/command-table.ts';
import { Throttles, throttlesOf } from './throttle.ts';

function cfgWith(throttles: TConfigSnapshotInput['degradation']): ReturnType<typeof compileConfig> {
  const ports = {
    'gz-personal': 1,
    'gz-enterprise': 2,
    'sh-personal': 3,
    'sh-enterprise': 4,
    'gz-personal-sh': 5,
    'gz-enterprise-sh': 6,
    'sh-personal-gz': 7,
    'sh-enterprise-gz': 8,
    spare: 9,
    control: 10,
  };
  const s = demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$x');
  s.degradation = throttles;
  const parsed = parseSnapshot(s);
  if (!parsed.ok) throw new Error('bad snapshot');
  return compileConfig(parsed.snapshot);
}

describe('hot-key throttles', () => {
  it('compiles only live rules, once per config object', () => {
    const cfg = cfgWith({
      callers: [],
      keys: [],
      throttles: [
        { key: 'a', qps: 2 },
        { key: 'b', qps: 2, expiresAt: new Date(Date.now() - 1).toISOString() },
      ],
    });
    const rules = throttlesOf(cfg);
    expect([...rules.keys()]).toEqual(['a']);
    expect(throttlesOf(cfg)).toBe(rules);
    expect(throttlesOf(cfgWith({ callers: [], keys: [] })).size).toBe(0);
  });

  it('lets the bucket capacity through, refuses the rest, and counts refusals by rule', () => {
    const cfg = cfgWith({ callers: [], keys: [], throttles: [{ key: 'stable_1', qps: 3 }] });
    const t = new Throttles();
    const get = Command.fromArgs(['GET', 'stable_1']);
    const other = Command.fromArgs(['GET', 'stable_2']);
    const spec = commandSpec('GET')!;
    const outcomes = Array.from({ length: 10 }, () => t.check(throttlesOf(cfg), spec, get));
    expect(outcomes.filter((r) => r === null)).toHaveLength(3);
    expect(outcomes.filter((r) => r?.label === 'key stable_1')).toHaveLength(7);
    expect(t.counts.get('stable_1')).toBe(7);
    expect(t.check(throttlesOf(cfg), spec, other)).toBeNull();
  });
});
