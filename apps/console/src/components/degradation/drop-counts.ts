/**
 * Live drop counts for the degradation page: drops per caller and per key over the last
 * minute, summed across workers from the stored heartbeat metrics (`metrics.drops`).
 * "n/a" when no worker has reported metrics in that minute.
 */
export const DROP_COUNT_WINDOW_SEC = 60;

export interface TDropCounts {
  /** False when no worker reported metrics in the window. */
  reported: boolean;
  callers: Map<string, number>;
  keys: Map<string, number>;
}

export function dropCountsOf(
  drops: { reported: boolean; callers: Record<string, number>; keys: Record<string, number> } | undefined,
): TDropCounts {
  if (!drops?.reported) return { reported: false, callers: new Map(), keys: new Map() };
  return { reported: true, callers: new Map(Object.entries(drops.callers)), keys: new Map(Object.entries(drops.keys)) };
}

export function formatCount(counts: TDropCounts, kind: 'callers' | 'keys', name: string): string {
  return counts.reported ? String(counts[kind].get(name) ?? 0) : 'n/a';
}
