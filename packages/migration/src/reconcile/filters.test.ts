import { describe, expect, it } from 'vitest';
import { filterMatches, matchingFilter, type ReconFilterRule } from './filters.ts';

const none: Omit<ReconFilterRule, 'name'> = {
  migrationId: null,
  keyType: null,
  keyPattern: null,
  field: null,
  why: null,
};
const diff = {
  migrationId: 'm1',
  key: 'member_list_{123}',
  keyType: 'member_list',
  why: 'CONFLICT',
  detail: 'hash fields differ',
  oldValue: '{"joinedAt":"1","u":"a"}',
  newValue: '{"u":"a"}',
};

describe('reconciliation filters', () => {
  it('a filter with no criterion matches nothing', () => {
    expect(filterMatches({ name: 'empty', ...none }, diff)).toBe(false);
  });

  it('matches by key type, glob, why and field, all set criteria together', () => {
    expect(filterMatches({ name: 'kt', ...none, keyType: 'member_list' }, diff)).toBe(true);
    expect(filterMatches({ name: 'kt', ...none, keyType: 'stable' }, diff)).toBe(false);
    expect(filterMatches({ name: 'glob', ...none, keyPattern: 'member_list_{*}' }, diff)).toBe(true);
    expect(filterMatches({ name: 'glob', ...none, keyPattern: 'member_list_?' }, diff)).toBe(false);
    expect(filterMatches({ name: 'field', ...none, field: 'joinedAt' }, diff)).toBe(true);
    expect(filterMatches({ name: 'both', ...none, keyType: 'member_list', field: 'leftAt' }, diff)).toBe(false);
    expect(filterMatches({ name: 'why', ...none, why: 'AHEAD_OF_TRUTH' }, diff)).toBe(false);
  });

  it('a migration-scoped filter applies to that migration only', () => {
    expect(filterMatches({ name: 'm2', ...none, migrationId: 'm2', keyType: 'member_list' }, diff)).toBe(false);
    expect(
      matchingFilter(
        [
          { name: 'm2', ...none, migrationId: 'm2', keyType: 'member_list' },
          { name: 'any', ...none, keyType: 'member_list' },
        ],
        diff,
      ),
    ).toBe('any');
  });
});
