/**
 * The npm-test gate: every test that passes directly passes through the proxy, except tests
 * refused by design (named in docs/COMPATIBILITY.md) and the committed known gaps. A test
 * listed as refused by design that passes through the proxy fails the gate (the refusal is not
 * what the doc says). A known gap that passes is reported as stale, to be removed, but does not
 * fail the run: timing-sensitive suite tests that flaked in the run that drafted the list
 * would otherwise turn every later green run red.
 */
import { z } from 'zod';
import type { SuiteRun } from './suite-output.ts';

export const ZListedTest = z.object({ file: z.string().min(1), test: z.string().min(1) });
export const ZKnownGap = ZListedTest.extend({ fixedBy: z.string().min(1) });
export const ZKnownGaps = z.object({ description: z.string(), gaps: z.array(ZKnownGap) });
export type TListedTest = z.infer<typeof ZListedTest>;
export type TKnownGap = z.infer<typeof ZKnownGap>;

export interface FileRuns {
  file: string;
  direct: SuiteRun;
  proxy: SuiteRun;
}

export interface GateResult {
  /** Pass directly, not through the proxy, and listed nowhere. */
  unexplained: TListedTest[];
  /** Listed as a known gap or by design, yet they pass through the proxy: remove them. */
  stale: TListedTest[];
  /** The part of `stale` listed as refused by design: a false claim in the doc. */
  staleByDesign: TListedTest[];
  /** The direct run itself crashed or hung: the comparison means nothing. */
  brokenDirect: string[];
  /** Every test that passes directly and not through the proxy, listed or not. */
  missing: TListedTest[];
}

const keyOf = (t: TListedTest): string => `${t.file}\u0000${t.test}`;

/** Tests that pass directly more often than through the proxy. */
export function missingThroughProxy(runs: readonly FileRuns[]): TListedTest[] {
  const out: TListedTest[] = [];
  for (const r of runs) {
    for (const [test, n] of r.direct.ok) if ((r.proxy.ok.get(test) ?? 0) < n) out.push({ file: r.file, test });
  }
  return out;
}

export function gate(
  runs: readonly FileRuns[],
  byDesign: readonly TListedTest[],
  gaps: readonly TListedTest[],
): GateResult {
  const missing = missingThroughProxy(runs);
  const missingKeys = new Set(missing.map(keyOf));
  const listed = new Set([...byDesign, ...gaps].map(keyOf));
  const ran = new Map(runs.map((r) => [r.file, r]));
  const stale = [...byDesign, ...gaps].filter((t) => {
    const r = ran.get(t.file);
    // Only judged when its file ran; a listed test that passes through the proxy is stale.
    return r !== undefined && !missingKeys.has(keyOf(t)) && (r.proxy.ok.get(t.test) ?? 0) > 0;
  });
  const designKeys = new Set(byDesign.map(keyOf));
  return {
    missing,
    unexplained: missing.filter((t) => !listed.has(keyOf(t))),
    stale,
    staleByDesign: stale.filter((t) => designKeys.has(keyOf(t))),
    brokenDirect: runs
      .filter((r) => r.direct.timedOut || r.direct.exception !== null || !r.direct.started)
      .map((r) => r.file),
  };
}

export const gatePassed = (g: GateResult): boolean =>
  g.unexplained.length === 0 && g.staleByDesign.length === 0 && g.brokenDirect.length === 0;

/**
 * The by-design list is the table under the heading "Redis test suite: refused by design" in
 * docs/COMPATIBILITY.md: rows `| file | test | reason |` (test names in backticks).
 */
export function byDesignFromDoc(markdown: string): TListedTest[] {
  const start = markdown.indexOf('### Tests refused by design');
  if (start < 0) return [];
  const section = markdown.slice(start).split('\n').slice(1);
  const end = section.findIndex((l) => l.startsWith('#'));
  const out: TListedTest[] = [];
  for (const line of end < 0 ? section : section.slice(0, end)) {
    // A `|` inside a test name is written `\|`.
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
    const m = /^`(.+)`$/.exec(cells[2] ?? '');
    if (cells.length >= 5 && m && cells[1] !== 'file') out.push({ file: cells[1]!.replace(/`/g, ''), test: m[1]! });
  }
  return out;
}
