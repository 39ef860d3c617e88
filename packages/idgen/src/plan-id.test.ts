import { DEMO_LAYOUT, decodeMeetingId, dayOf, GROUPED_LIMIT, type TEncodingRule } from '@switchyard/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIdgenError } from './errors.ts';
import { chooseEncoding, drawMeetingId, isInKindRange, planMeetingId } from './plan-id.ts';
import { scriptedRandomSource, seededRandomSource } from './random-source.ts';
import { demoConfigSnapshot, FIXED_NOW } from './testing/fixtures.ts';

const rules = demoConfigSnapshot().encodingRules;

describe('chooseEncoding', () => {
  it('uses the rule of the caller region and identity, and says which', () => {
    expect(chooseEncoding(rules, { region: 'gz', identity: 'personal' })).toEqual({
      code: 1,
      rule: 'gz;personal;*',
      ruleIndex: 0,
      fellBack: false,
    });
    expect(chooseEncoding(rules, { region: 'sh', identity: 'enterprise', set: 'set1' })).toMatchObject({
      code: 6,
      rule: 'sh;enterprise;*',
      fellBack: false,
    });
  });

  it('falls back to *;*;* for an unknown region or identity, visibly', () => {
    expect(chooseEncoding(rules, { region: 'tj', identity: 'personal' })).toEqual({
      code: 2,
      rule: '*;*;*',
      ruleIndex: 4,
      fellBack: true,
    });
    expect(chooseEncoding(rules, { region: 'gz', identity: 'vip' })).toMatchObject({
      code: 2,
      rule: '*;*;*',
      fellBack: true,
    });
  });

  it('prefers a SET-specific rule when the SET matches, else the SET wildcard', () => {
    const withSet: TEncodingRule[] = [...rules, { region: 'gz', identity: 'personal', set: 'set9', code: 5 }];
    expect(chooseEncoding(withSet, { region: 'gz', identity: 'personal', set: 'set9' })).toMatchObject({
      code: 5,
      rule: 'gz;personal;set9',
    });
    expect(chooseEncoding(withSet, { region: 'gz', identity: 'personal', set: 'other' })).toMatchObject({
      code: 1,
      rule: 'gz;personal;*',
    });
  });

  it('fails with NO_ENCODING_RULE when nothing matches and there is no fallback', () => {
    const noFallback = rules.filter((r) => r.region !== '*');
    let caught: unknown;
    try {
      chooseEncoding(noFallback, { region: 'tj', identity: 'personal' });
    } catch (e) {
      caught = e;
    }
    expect(isIdgenError(caught) && caught.code).toBe('NO_ENCODING_RULE');
  });
});

describe('drawMeetingId', () => {
  it('keeps grouped IDs below 2^49 and normal IDs above, with code and day decodable', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 16383 }),
        fc.boolean(),
        (seed, code, day, grouped) => {
          const d = drawMeetingId(DEMO_LAYOUT, code, grouped ? 'grouped' : 'normal', day, seededRandomSource(seed));
          expect(isInKindRange(d)).toBe(true);
          expect(d.id < GROUPED_LIMIT).toBe(grouped);
          expect(decodeMeetingId(d.id, DEMO_LAYOUT)).toEqual({ kind: d.kind, code, day, random: d.random });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('redraws when the high bits of a normal ID come out zero', () => {
    const source = scriptedRandomSource([0n, 5n, (3n << 31n) | 7n]);
    const d = drawMeetingId(DEMO_LAYOUT, 1, 'normal', 10, source);
    expect(d.random).toBe((3n << 31n) | 7n);
    expect(d.id >> 49n).toBe(3n);
  });

  it('gives up with RANDOM_SOURCE_BROKEN on a source that only returns zero', () => {
    expect(() => drawMeetingId(DEMO_LAYOUT, 1, 'normal', 10, () => 0n)).toThrow(/zero in bits 49..63/);
  });

  it('reproduces a given ID when the source returns its random part (how collision tests force one)', () => {
    const legacy = 0x0003_1234_5678_9abcn;
    const parts = decodeMeetingId(legacy, DEMO_LAYOUT);
    const d = drawMeetingId(DEMO_LAYOUT, parts.code, parts.kind, parts.day, scriptedRandomSource([parts.random]));
    expect(d.id).toBe(legacy);
  });
});

describe('planMeetingId', () => {
  it("stamps today's relative day and the kind", () => {
    const plan = planMeetingId(DEMO_LAYOUT, rules, {
      region: 'sh',
      identity: 'personal',
      grouped: true,
      now: FIXED_NOW,
    });
    expect(plan).toMatchObject({ code: 5, kind: 'grouped', day: dayOf(FIXED_NOW, DEMO_LAYOUT), rule: 'sh;personal;*' });
    expect(plan.day).toBe(1360);
  });

  it('defaults to the real today', () => {
    const before = dayOf(new Date(), DEMO_LAYOUT);
    const plan = planMeetingId(DEMO_LAYOUT, rules, { region: 'gz', identity: 'enterprise', grouped: false });
    const after = dayOf(new Date(), DEMO_LAYOUT);
    expect([before, after]).toContain(plan.day);
    expect(plan.day).toBeGreaterThan(1000); // 2023-03-02 + 1000 days is in 2025
  });

  it('refuses a rule whose code does not fit the code bits', () => {
    const wide: TEncodingRule[] = [{ region: '*', identity: '*', set: '*', code: 16 }];
    expect(() => planMeetingId(DEMO_LAYOUT, wide, { region: 'gz', identity: 'personal', grouped: false })).toThrow(
      /does not fit 4 code bits/,
    );
  });
});
