/**
 * Published snapshots, parsed once per content (issue 20). A publish used to zod-parse the
 * latest version's snapshot, and the long poll parsed the new row again for the workers; both
 * now share one parse per hash. The hash is the sha256 of the snapshot's canonical JSON
 * (hashSnapshot), so one hash is one content, whichever database or version row it came from.
 * Cached snapshots are deep-frozen: a caller that wants to edit one must clone it first, and
 * one that forgets fails loudly instead of changing what every other caller sees.
 */
import type { TConfigSnapshot } from '@switchyard/core';
import { parseStoredSnapshot } from './draft-service.ts';

/** The latest version and, during a canary, the stable one: a few entries cover every hot read. */
const CAPACITY = 4;
const cache = new Map<string, TConfigSnapshot>();
let parses = 0;

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/** The parsed, frozen snapshot of a version row; parses only a content not seen lately. */
export function parsedPublished(row: { hash: string; snapshot: unknown }): Readonly<TConfigSnapshot> {
  const known = cache.get(row.hash);
  if (known) {
    // Most recently used last, so the oldest entry is the first key.
    cache.delete(row.hash);
    cache.set(row.hash, known);
    return known;
  }
  parses++;
  const snapshot = deepFreeze(parseStoredSnapshot(row.snapshot));
  cache.set(row.hash, snapshot);
  if (cache.size > CAPACITY) cache.delete(cache.keys().next().value!);
  return snapshot;
}

/** How many version snapshots were zod-parsed (tests: a publish must not parse the latest again). */
export const publishedSnapshotParses = (): number => parses;
