import { describe, expect, it } from 'vitest';
import { newIdReplyFields, parseNewIdArgs } from './new-id-command.ts';

describe('parseNewIdArgs', () => {
  it('reads identity and options in any order, case-insensitively', () => {
    expect(parseNewIdArgs(['personal'])).toEqual({
      identity: 'personal',
      grouped: false,
      region: undefined,
      set: undefined,
    });
    expect(parseNewIdArgs([Buffer.from('enterprise'), 'set', 's1', 'grouped', 'REGION', 'sh'])).toEqual({
      identity: 'enterprise',
      grouped: true,
      region: 'sh',
      set: 's1',
    });
  });

  it('keeps an unknown identity (it falls back to *;*;* later)', () => {
    expect(parseNewIdArgs(['vip']).identity).toBe('vip');
  });

  it.each([
    [[], /identity is missing/],
    [['personal', 'REGION'], /REGION is missing/],
    [['personal', 'FAST'], /unknown option 'FAST'/],
    [['per sonal'], /identity 'per sonal' is invalid/],
  ])('rejects %j with NEWID_ARGS_INVALID and the usage', (args, message) => {
    expect(() => parseNewIdArgs(args)).toThrow(message);
    expect(() => parseNewIdArgs(args)).toThrow(/usage: SY.NEWID/);
  });
});

describe('newIdReplyFields', () => {
  it('flattens a result with the ID as a decimal string', () => {
    const fields = newIdReplyFields({
      id: '18446744073709551615',
      code: 2,
      kind: 'normal',
      day: 7,
      rule: '*;*;*',
      fellBack: true,
      attempts: 2,
      collisions: { exists: 1, shadowed: 0 },
      instance: 'gz-enterprise',
      copies: [],
    });
    expect(fields).toEqual([
      'id',
      '18446744073709551615',
      'code',
      '2',
      'kind',
      'normal',
      'day',
      '7',
      'rule',
      '*;*;*',
      'fellback',
      '1',
      'attempts',
      '2',
      'instance',
      'gz-enterprise',
    ]);
  });
});
