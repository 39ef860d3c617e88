/**
 * Counters for optional shadow reads during gray read (seed 001 §8.3.4.3: sample-compare
 * old and new while traffic ramps). The proxy reads both, answers from the routed side and
 * feeds both values here; a non-zero `differing` is a reason to hold the percentage.
 */
export interface ShadowCounters {
  compared: number;
  equal: number;
  differing: number;
  /** Present on old, missing on new: the tell-tale of an incomplete backfill. */
  missingOnNew: number;
}

export function createShadowCompare(): {
  counters: ShadowCounters;
  compare(oldValue: Buffer | null, newValue: Buffer | null): boolean;
} {
  const counters: ShadowCounters = { compared: 0, equal: 0, differing: 0, missingOnNew: 0 };
  return {
    counters,
    compare(oldValue, newValue) {
      counters.compared++;
      const same = oldValue === null ? newValue === null : newValue !== null && oldValue.equals(newValue);
      if (same) counters.equal++;
      else {
        counters.differing++;
        if (oldValue !== null && newValue === null) counters.missingOnNew++;
      }
      return same;
    },
  };
}
