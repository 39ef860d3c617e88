/**
 * Live drop counts, summed over the workers' heartbeat summaries. The summary's shape is
 * owned by the proxy's protections; until it reports drops, every count reads "n/a".
 * Expected shape: `{ drops: { callers: { <name>: n }, keys: { <key>: n } } }`.
 */
import { z } from 'zod';

const ZCounts = z.record(z.string(), z.number());
const ZDropSummary = z.object({ drops: z.object({ callers: ZCounts.optional(), keys: ZCounts.optional() }) });

export interface TDropCounts {
  /** False when no worker reports drops at all (feature not there yet). */
  reported: boolean;
  callers: Map<string, number>;
  keys: Map<string, number>;
}

function add(into: Map<string, number>, counts: Record<string, number> | undefined): void {
  for (const [name, n] of Object.entries(counts ?? {})) into.set(name, (into.get(name) ?? 0) + n);
}

export function dropCountsOf(workers: ReadonlyArray<{ live: boolean; summary: unknown }>): TDropCounts {
  const result: TDropCounts = { reported: false, callers: new Map(), keys: new Map() };
  for (const worker of workers) {
    if (!worker.live) continue;
    const parsed = ZDropSummary.safeParse(worker.summary);
    if (!parsed.success) continue;
    result.reported = true;
    add(result.callers, parsed.data.drops.callers);
    add(result.keys, parsed.data.drops.keys);
  }
  return result;
}

export function formatCount(counts: TDropCounts, kind: 'callers' | 'keys', name: string): string {
  return counts.reported ? String(counts[kind].get(name) ?? 0) : 'n/a';
}
