import { describe, expect, it } from 'vitest';
import type { TConfigSnapshot } from '../config/schema.ts';
import { demo } from '../test-support/fixtures.ts';
import { formatProblems, parseSnapshot } from './parse-snapshot.ts';
import { validateSnapshot } from './validate-snapshot.ts';

/** Apply a change to a fresh demo snapshot and return its problems. */
function problemsAfter(change: (s: TConfigSnapshot) => void) {
  const s = structuredClone(demo());
  change(s);
  return validateSnapshot(s);
}

const migration = {
  id: 'm1',
  name: 'split',
  code: 1,
  from: 'gz-personal',
  to: 'spare',
  phase: 'DUAL_WRITE' as const,
  grayReadPercent: 0,
  stopDualWritePercent: 0,
};

describe('validateSnapshot', () => {
  it('finds nothing wrong with the demo', () => {
    expect(validateSnapshot(demo())).toEqual([]);
  });

  it('accepts a nopass caller named default, as Redis does', () => {
    expect(
      problemsAfter((s) => {
        s.callers.push({ ...s.callers[0]!, name: 'default', nopass: true });
      }),
    ).toEqual([]);
  });

  it.each<[string, (s: TConfigSnapshot) => void, (string | number)[], RegExp]>([
    [
      'deployed code without an instance in a region',
      (s) => {
        delete s.codes[0]!.instances['sh'];
      },
      ['codes', 0, 'instances'],
      /deployed code 1 has no instance in region 'sh'/,
    ],
    [
      'override to a region without mirrors',
      (s) => {
        s.regions.push({ name: 'tj' });
        s.failover = [{ from: 'gz', to: 'tj' }];
      },
      ['failover', 0, 'to'],
      /code 1 has no mirror in tj/,
    ],
    [
      'ratio outside 0..1',
      (s) => {
        s.degradation.callers = [{ caller: 'demo', ratio: 1.5 }];
      },
      ['degradation', 'callers', 0, 'ratio'],
      /outside 0..1/,
    ],
    [
      'duplicate key-type names',
      (s) => {
        s.keyTypes.push({ ...s.keyTypes[0]! });
      },
      ['keyTypes', 9],
      /duplicate key type name 'meeting_info'/,
    ],
    [
      'duplicate instance names',
      (s) => {
        s.instances.push({ ...s.instances[0]! });
      },
      ['instances', 10],
      /duplicate instance name/,
    ],
    [
      'duplicate caller names',
      (s) => {
        s.callers.push({ ...s.callers[0]! });
      },
      ['callers', 1],
      /duplicate caller name 'demo'/,
    ],
    [
      'duplicate regions',
      (s) => {
        s.regions.push({ name: 'gz' });
      },
      ['regions', 2],
      /duplicate region name 'gz'/,
    ],
    [
      'duplicate codes',
      (s) => {
        s.codes.push({ ...s.codes[0]! });
      },
      ['codes', 4],
      /duplicate storage code '1'/,
    ],
    [
      'unknown instance in a code',
      (s) => {
        s.codes[0]!.instances['gz'] = 'ghost';
      },
      ['codes', 0, 'instances', 'gz'],
      /unknown instance 'ghost'/,
    ],
    [
      'instance in the wrong region',
      (s) => {
        s.codes[0]!.instances['gz'] = 'sh-personal';
      },
      ['codes', 0, 'instances', 'gz'],
      /runs in sh/,
    ],
    [
      'bottom not deployed',
      (s) => {
        s.bottom = 3;
      },
      ['bottom'],
      /bottom code 3 is not deployed/,
    ],
    [
      'code outside 0..2^X-1',
      (s) => {
        s.codes.push({ ...s.codes[0]!, code: 16 });
      },
      ['codes', 4, 'code'],
      /outside 0..15/,
    ],
    [
      'deployed code outside range',
      (s) => {
        s.deployedCodes.push(99);
      },
      ['deployedCodes', 4],
      /outside 0..15/,
    ],
    [
      'deployed code without an entry',
      (s) => {
        s.deployedCodes.push(3);
      },
      ['deployedCodes', 4],
      /no entry in codes/,
    ],
    [
      'regex that does not compile',
      (s) => {
        s.keyTypes[0]!.pattern = '^(?<mid>\\d+$';
      },
      ['keyTypes', 0, 'pattern'],
      /does not compile/,
    ],
    [
      'mid group missing from pattern',
      (s) => {
        s.keyTypes[0]!.pattern = '^\\d+$';
      },
      ['keyTypes', 0, 'dimension', 'group'],
      /no named group '\(\?<mid>…\)'/,
    ],
    [
      'identity group missing',
      (s) => {
        s.keyTypes[3]!.pattern = '^member_\\d+$';
      },
      ['keyTypes', 3, 'dimension', 'group'],
      /appid/,
    ],
    [
      'hash group missing',
      (s) => {
        s.keyTypes[4]!.pattern = '^u2m_.+$';
      },
      ['keyTypes', 4, 'dimension', 'group'],
      /uid/,
    ],
    [
      'hash code out of range',
      (s) => {
        s.keyTypes[4]!.dimension = { kind: 'hash', group: 'uid', codes: [1, 40] };
      },
      ['keyTypes', 4, 'dimension', 'codes', 1],
      /code 40/,
    ],
    [
      'fixed-instance to an unknown instance',
      (s) => {
        s.keyTypes[7]!.dimension = { kind: 'fixed-instance', instance: 'ghost' };
      },
      ['keyTypes', 7, 'dimension', 'instance'],
      /unknown instance 'ghost'/,
    ],
    [
      'identity centre region unknown',
      (s) => {
        s.keyTypes[3]!.dimension = { kind: 'identity', group: 'appid', centreRegion: 'bj' };
      },
      ['keyTypes', 3, 'dimension', 'centreRegion'],
      /'bj'/,
    ],
    [
      'encoding rule to an undeployed code',
      (s) => {
        s.encodingRules[0]!.code = 3;
      },
      ['encodingRules', 0, 'code'],
      /not deployed/,
    ],
    [
      'encoding rule for an unknown region',
      (s) => {
        s.encodingRules[0]!.region = 'bj';
      },
      ['encodingRules', 0, 'region'],
      /unknown region 'bj'/,
    ],
    [
      'duplicate encoding rules',
      (s) => {
        s.encodingRules.push({ ...s.encodingRules[0]! });
      },
      ['encodingRules', 5],
      /duplicate encoding rule 'gz;personal;\*'/,
    ],
    [
      'no *;*;* fallback',
      (s) => {
        s.encodingRules.pop();
      },
      ['encodingRules'],
      /no \*;\*;\* fallback/,
    ],
    [
      'migration from an unknown instance',
      (s) => {
        s.migrations = [{ ...migration, from: 'ghost' }];
      },
      ['migrations', 0, 'from'],
      /unknown instance 'ghost'/,
    ],
    [
      'migration to an unknown instance',
      (s) => {
        s.migrations = [{ ...migration, to: 'ghost' }];
      },
      ['migrations', 0, 'to'],
      /unknown instance 'ghost'/,
    ],
    [
      'migration from an instance that does not serve the code',
      (s) => {
        s.migrations = [{ ...migration, from: 'sh-personal' }];
      },
      ['migrations', 0, 'from'],
      /does not serve that code/,
    ],
    [
      'migration onto itself',
      (s) => {
        s.migrations = [{ ...migration, to: 'gz-personal' }];
      },
      ['migrations', 0],
      /onto itself/,
    ],
    [
      'migration of an unknown code',
      (s) => {
        s.migrations = [{ ...migration, code: 3 }];
      },
      ['migrations', 0, 'code'],
      /unknown code 3/,
    ],
    [
      'migration scope remainder too big',
      (s) => {
        s.migrations = [{ ...migration, scope: { modulo: 2, remainder: 2 } }];
      },
      ['migrations', 0, 'scope', 'remainder'],
      /below modulo/,
    ],
    [
      'overlapping active migrations',
      (s) => {
        s.migrations = [
          { ...migration, scope: { modulo: 2, remainder: 1 } },
          { ...migration, id: 'm2', name: 'quarter', scope: { modulo: 4, remainder: 3 } },
        ];
      },
      ['migrations', 1],
      /migration 'quarter' overlaps active migration 'split'/,
    ],
    [
      'duplicate migration ids',
      (s) => {
        s.migrations = [migration, { ...migration, phase: 'DONE' }];
      },
      ['migrations', 1],
      /duplicate migration id/,
    ],
    [
      'failover from == to',
      (s) => {
        s.failover = [{ from: 'gz', to: 'gz' }];
      },
      ['failover', 0],
      /points a region at itself/,
    ],
    [
      'failover from an unknown region',
      (s) => {
        s.failover = [{ from: 'bj', to: 'gz' }];
      },
      ['failover', 0, 'from'],
      /unknown region 'bj'/,
    ],
    [
      'chained overrides',
      (s) => {
        s.failover = [
          { from: 'gz', to: 'sh' },
          { from: 'sh', to: 'gz' },
        ];
      },
      ['failover', 0, 'to'],
      /do not chain/,
    ],
    [
      'two overrides of one region',
      (s) => {
        s.regions.push({ name: 'tj' });
        s.failover = [
          { from: 'gz', to: 'sh' },
          { from: 'gz', to: 'tj' },
        ];
      },
      ['failover', 1],
      /duplicate override of region 'gz'/,
    ],
    [
      'nopass on a caller not named default',
      (s) => {
        s.callers[0]!.nopass = true;
      },
      ['callers', 0, 'nopass'],
      /only the caller named 'default' may be nopass/,
    ],
    [
      'caller allows an unknown key type',
      (s) => {
        s.callers[0]!.keyTypes = ['ghost'];
      },
      ['callers', 0, 'keyTypes', 0],
      /unknown key type 'ghost'/,
    ],
    [
      'drop rule for an unknown caller',
      (s) => {
        s.degradation.callers = [{ caller: 'ghost', ratio: 0.1 }];
      },
      ['degradation', 'callers', 0, 'caller'],
      /unknown caller 'ghost'/,
    ],
    [
      'instance in an unknown region',
      (s) => {
        s.instances[0]!.region = 'bj';
      },
      ['instances', 0, 'region'],
      /unknown region 'bj'/,
    ],
    [
      'layout without random bits',
      (s) => {
        s.layout.codeBits = 12;
        s.layout.dayBits = 37;
      },
      ['layout'],
      /at most 48/,
    ],
  ])('reports %s', (_name, change, path, message) => {
    const problems = problemsAfter(change);
    expect(problems, formatProblems(problems)).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('accepts a migration that continues from an earlier DONE one', () => {
    expect(
      problemsAfter((s) => {
        s.migrations = [
          { ...migration, phase: 'DONE' },
          { ...migration, id: 'm2', from: 'spare', to: 'gz-personal-sh' },
        ];
      }),
    ).toEqual([]);
  });

  it('returns every problem, not just the first', () => {
    const problems = problemsAfter((s) => {
      s.bottom = 3;
      s.encodingRules.pop();
      s.keyTypes.push({ ...s.keyTypes[0]! });
    });
    expect(problems.length).toBeGreaterThanOrEqual(3);
  });
});

describe('parseSnapshot', () => {
  it('reports zod problems with their paths', () => {
    const s = structuredClone(demo()) as unknown as { regions: unknown[] };
    s.regions = [{ name: 'Not A Name' }];
    const r = parseSnapshot(s);
    expect(r.ok).toBe(false);
    expect(r.problems[0]?.path).toEqual(['regions', 0, 'name']);
  });

  it('reports bad JSON text', () => {
    expect(parseSnapshot('{').problems[0]).toMatchObject({
      path: [],
      message: expect.stringMatching(/not valid JSON/),
    });
  });

  it('runs the semantic checks after zod', () => {
    const r = parseSnapshot({ ...demo(), bottom: 3 });
    expect(r).toMatchObject({ ok: false, problems: [{ path: ['bottom'] }] });
  });
});
