import { describe, expect, it } from 'vitest';
import type { TEncodingRule } from '../config/schema.ts';
import { matchEncodingRule, ruleSpecificity } from './encoding-rules.ts';

const rule = (region: string, identity: string, set: string, code: number): TEncodingRule =>
  ({ region, identity, set, code }) as TEncodingRule;

const ruleOf = (label: string): TEncodingRule => {
  const [region, identity, set] = label.split(';') as [string, string, string];
  return rule(region, identity, set, 0);
};

const rules: TEncodingRule[] = [
  rule('*', '*', '*', 2),
  rule('gz', 'personal', '*', 1),
  rule('gz', 'enterprise', '*', 2),
  rule('*', 'personal', 'vip', 9),
  rule('sh', '*', '*', 6),
  rule('*', 'enterprise', '*', 7),
  rule('*', '*', 'vip', 8),
];

describe('matchEncodingRule', () => {
  it('takes the exact region;identity rule over wildcards', () => {
    expect(matchEncodingRule(rules, { region: 'gz', identity: 'personal' })).toMatchObject({
      code: 1,
      label: 'gz;personal;*',
      fellBack: false,
    });
  });

  it('breaks ties by region, then identity, then set', () => {
    // sh;*;* and *;enterprise;* both have one concrete field: region wins.
    expect(matchEncodingRule(rules, { region: 'sh', identity: 'enterprise' })?.code).toBe(6);
    // *;enterprise;* and *;*;vip: identity beats set.
    expect(matchEncodingRule(rules, { region: 'bj', identity: 'enterprise', set: 'vip' })?.code).toBe(7);
    // Two concrete fields beat one: *;personal;vip over sh;*;*.
    expect(matchEncodingRule(rules, { region: 'sh', identity: 'personal', set: 'vip' })?.code).toBe(9);
  });

  it('falls back to *;*;* and says so', () => {
    const m = matchEncodingRule(rules, { region: 'tj', identity: 'personal' });
    expect(m).toMatchObject({ code: 2, fellBack: true, label: '*;*;*', index: 0 });
  });

  it('matches set-specific rules only when a set is asked for', () => {
    expect(matchEncodingRule(rules, { region: 'tj', identity: 'personal', set: 'vip' })?.code).toBe(9);
    expect(matchEncodingRule(rules, { region: 'tj', identity: 'personal' })?.code).toBe(2);
  });

  it('returns null without any matching rule', () => {
    expect(matchEncodingRule([rule('gz', 'personal', '*', 1)], { region: 'sh', identity: 'personal' })).toBeNull();
  });

  it('orders specificity as documented', () => {
    // Only region;identity;set matter to specificity, so the order is written as labels.
    const order = [
      'gz;personal;a',
      'gz;personal;*',
      'gz;*;a',
      '*;personal;a',
      'gz;*;*',
      '*;personal;*',
      '*;*;a',
      '*;*;*',
    ];
    const scores = order.map((label) => ruleSpecificity(ruleOf(label)));
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(new Set(scores).size).toBe(scores.length);
  });
});
