/** The published-snapshot parse cache: one parse per content, frozen results, bounded size. */
import { describe, expect, it } from 'vitest';
import { hashSnapshot } from '@switchyard/db/crypto';
import { demoFixtureSnapshot } from '../testing/demo-fixture.ts';
import { parsedPublished, publishedSnapshotParses } from './snapshot-cache.ts';

const rowOf = (label: string) => {
  const snapshot = demoFixtureSnapshot();
  snapshot.regions = snapshot.regions.map((r) => ({ ...r, label }));
  return { hash: hashSnapshot(snapshot), snapshot: JSON.parse(JSON.stringify(snapshot)) as unknown };
};

describe('parsedPublished', () => {
  it('parses a content once and hands every caller the same frozen result', () => {
    const row = rowOf('once');
    const before = publishedSnapshotParses();
    const a = parsedPublished(row);
    const b = parsedPublished({ ...row, snapshot: structuredClone(row.snapshot) });
    expect(publishedSnapshotParses() - before).toBe(1);
    expect(b).toBe(a);
    expect(Object.isFrozen(a.regions[0])).toBe(true);
  });

  it('keeps the most recently used few contents and parses an evicted one again', () => {
    const rows = ['r1', 'r2', 'r3', 'r4', 'r5'].map(rowOf);
    for (const row of rows.slice(0, 4)) parsedPublished(row);
    parsedPublished(rows[0]!); // r1 used again: r2 is now the oldest
    const before = publishedSnapshotParses();
    parsedPublished(rows[4]!); // evicts r2
    parsedPublished(rows[0]!);
    expect(publishedSnapshotParses() - before).toBe(1);
    parsedPublished(rows[1]!);
    expect(publishedSnapshotParses() - before).toBe(2);
  });

  it('refuses a stored snapshot that does not match the schema, and caches nothing for it', () => {
    const bad = { hash: 'not-a-snapshot', snapshot: { regions: 'nope' } };
    expect(() => parsedPublished(bad)).toThrow(/does not match the schema/);
    const before = publishedSnapshotParses();
    expect(() => parsedPublished(bad)).toThrow();
    expect(publishedSnapshotParses() - before).toBe(1);
  });
});
