import { describe, expect, it } from 'vitest';
import { midWithCode, migrationOf, testSnapshot } from '../test-support/snapshot.ts';
import { scopeAll, scopeFromConfig } from './key-scope.ts';

const ports = { old: 7100, new: 7101 };

describe('scopeFromConfig', () => {
  const m = migrationOf();
  const scope = scopeFromConfig(testSnapshot(ports, [m]), m);

  it('takes keys that route to the migrating code, with their key type and value format', () => {
    expect(scope.classify(midWithCode(1, 5))).toEqual({
      keyType: 'meeting_info',
      valueFormat: 'seq',
      dataType: 'string',
    });
    expect(scope.classify(`member_list_{${midWithCode(1, 5)}}`)).toEqual({
      keyType: 'member_list',
      valueFormat: 'plain',
      dataType: 'hash',
    });
    // member_<tinyid>_0 is personal → code 1 through the gz encoding rules.
    expect(scope.classify('member_42_0')).toEqual({ keyType: 'member', valueFormat: 'seq', dataType: 'string' });
  });

  it('leaves out other codes, fixed-instance types, unmatched keys and bad meeting IDs', () => {
    expect(scope.classify(midWithCode(2, 5))).toBeNull();
    expect(scope.classify('member_42_1001')).toBeNull();
    expect(scope.classify('key:1')).toBeNull();
    expect(scope.classify('nothing_matches_this')).toBeNull();
    expect(scope.classify('99999999999999999999999')).toBeNull();
  });

  it('legacy IDs with an undeployed code follow the bottom code', () => {
    const bottom = migrationOf({ code: 2, from: 'gz-enterprise' });
    const s = scopeFromConfig(testSnapshot(ports, [bottom]), bottom);
    expect(s.classify(midWithCode(3, 1))).not.toBeNull();
    expect(s.classify(midWithCode(1, 1))).toBeNull();
  });

  it('a doubling split keeps only mid % modulo == remainder, and drops keys without a meeting ID', () => {
    const split = migrationOf({ scope: { modulo: 2, remainder: 1 } });
    const s = scopeFromConfig(testSnapshot(ports, [split]), split);
    expect(s.classify(`stable_${midWithCode(1, 7)}`)).not.toBeNull();
    expect(s.classify(`stable_${midWithCode(1, 8)}`)).toBeNull();
    expect(s.classify('member_42_0')).toBeNull();
  });
});

describe('scopeAll', () => {
  it('classifies every key alike', () => {
    expect(scopeAll().classify('anything')).toEqual({ keyType: 'all', valueFormat: 'plain' });
  });
});
