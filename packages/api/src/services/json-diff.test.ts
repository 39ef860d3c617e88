import { describe, expect, it } from 'vitest';
import { diffJson } from './json-diff.ts';

describe('diffJson', () => {
  it('reports changed scalars with their path', () => {
    expect(diffJson({ a: 1, b: { c: 'x' } }, { a: 1, b: { c: 'y' } })).toEqual([
      { path: 'b.c', before: 'x', after: 'y' },
    ]);
  });

  it('matches named array items by name, not by position', () => {
    const before = {
      instances: [
        { name: 'a', port: 1 },
        { name: 'b', port: 2 },
      ],
    };
    const after = {
      instances: [
        { name: 'new', port: 9 },
        { name: 'a', port: 1 },
        { name: 'b', port: 3 },
      ],
    };
    expect(diffJson(before, after)).toEqual([
      { path: 'instances[b].port', before: 2, after: 3 },
      { path: 'instances[new]', after: { name: 'new', port: 9 } },
    ]);
  });

  it('reports a reorder of named items separately', () => {
    const d = diffJson({ k: [{ name: 'a' }, { name: 'b' }] }, { k: [{ name: 'b' }, { name: 'a' }] });
    expect(d).toEqual([{ path: 'k#order', before: ['a', 'b'], after: ['b', 'a'] }]);
  });

  it('diffs unnamed arrays by index and shows removals', () => {
    expect(diffJson({ xs: [1, 2, 3] }, { xs: [1, 5] })).toEqual([
      { path: 'xs[1]', before: 2, after: 5 },
      { path: 'xs[2]', before: 3 },
    ]);
  });

  it('returns nothing for equal values', () => {
    expect(diffJson({ a: [{ code: 1 }] }, { a: [{ code: 1 }] })).toEqual([]);
  });
});
