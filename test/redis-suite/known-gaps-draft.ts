/**
 * `--write-known-gaps`: rewrites known-gaps.json from a run. Existing entries that still fail
 * keep their `fixedBy`; new ones get the issue-13 item guessed from the file and the proxy's
 * error (review them before committing). Entries that now pass are dropped, so the list only
 * shrinks once the features land.
 */
import type { FileRuns, GateResult, TKnownGap, TListedTest } from './gate.ts';
import type { z } from 'zod';
import type { ZKnownGaps } from './gate.ts';

const BY_FILE: Record<string, string> = {
  'unit/type/stream': '§2 streams',
  'unit/type/stream-cgroups': '§2 streams with consumer groups; XREAD/XREADGROUP BLOCK §3',
  'unit/geo': '§2 GEO',
  'unit/bitops': '§2 BITOP',
  'unit/bitfield': '§2 BITFIELD/BITFIELD_RO',
  'unit/hyperloglog': '§2 PFMERGE',
  'unit/sort': '§2 SORT/SORT_RO',
  'unit/pubsub': '§4 pub/sub',
  'unit/pubsubshard': '§4 sharded pub/sub',
  'unit/info-command': '§7 INFO sections',
  'unit/protocol': '§7 inline parsing, protocol errors, RESP3',
  'unit/multi': '§7 transactions',
  'unit/scripting': '§1/§2 scripts and their command table entries',
};

const BY_ERROR: Array<[RegExp, string]> = [
  [/\b(BLPOP|BRPOP|BLMOVE|BRPOPLPUSH|BZPOPMIN|BZPOPMAX|BLMPOP|BZMPOP|XREAD|XREADGROUP)\b/i, '§3 blocking commands'],
  [/\b(P?SUBSCRIBE|PUBLISH|SSUBSCRIBE|SPUBLISH|PUBSUB)\b/i, '§4 pub/sub'],
  [/\bSCAN\b/, '§5 SCAN'],
  [/HELLO|NOPROTO|RESP3/i, '§6 RESP3'],
  [/\b(MULTI|EXEC|WATCH|EXECABORT)\b/, '§7 transactions'],
  [/\b(CLIENT|INFO|COMMAND)\b/, '§7 local commands CLIENT/INFO/COMMAND'],
  [/unknown command|wrong number of arguments|SWITCHYARD/i, '§1/§2 command table'],
];

/** Errors of the commands refused by design (one database; KEYS, DBSIZE, RANDOMKEY point to SCAN). */
const BY_DESIGN =
  /command '(keys|dbsize|randomkey|move|swapdb)' is|SWITCHYARD.*\b(KEYS|DBSIZE|RANDOMKEY|SELECT|MOVE|SWAPDB)\b|only database 0/i;

/** Missing tests whose proxy error is a by-design refusal: rows for docs/COMPATIBILITY.md. */
export function byDesignCandidates(
  runs: readonly FileRuns[],
  result: GateResult,
): Array<TListedTest & { detail: string }> {
  const byFile = new Map(runs.map((r) => [r.file, r]));
  return result.missing
    .map((m) => ({ ...m, detail: byFile.get(m.file)!.proxy.err.find((e) => e.name === m.test)?.detail ?? '' }))
    .filter((m) => BY_DESIGN.test(m.detail));
}

function guessFixedBy(run: FileRuns, test: string): string {
  const detail = run.proxy.err.find((e) => e.name === test)?.detail ?? '';
  for (const [re, item] of BY_ERROR) if (re.test(detail)) return item;
  return BY_FILE[run.file] ?? '§7 Redis semantics and texts';
}

export function draftKnownGaps(
  current: z.infer<typeof ZKnownGaps>,
  runs: readonly FileRuns[],
  result: GateResult,
  byDesign: readonly TListedTest[],
): z.infer<typeof ZKnownGaps> {
  const key = (t: TListedTest): string => `${t.file}\u0000${t.test}`;
  const known = new Map(current.gaps.map((g) => [key(g), g]));
  const designed = new Set([...byDesign, ...byDesignCandidates(runs, result)].map(key));
  const ranFiles = new Set(runs.map((r) => r.file));
  const byFile = new Map(runs.map((r) => [r.file, r]));
  // Entries of files that did not run this time are kept as they are.
  const kept = current.gaps.filter((g) => !ranFiles.has(g.file));
  const fresh: TKnownGap[] = result.missing
    .filter((m) => !designed.has(key(m)))
    .map((m) => known.get(key(m)) ?? { ...m, fixedBy: guessFixedBy(byFile.get(m.file)!, m.test) });
  return { description: current.description, gaps: [...kept, ...fresh] };
}
