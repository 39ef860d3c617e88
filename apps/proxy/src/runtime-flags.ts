/**
 * Issue 20: the young generation a serving process runs with (PROXY_YOUNG_GENERATION_MB; the
 * flags themselves are core's `youngGenerationFlags`, which launchers put before the entry
 * point). The cluster primary hands them to its workers, and a process started without them
 * says so (`youngGenerationShortfall`).
 */
import { youngGenerationFlags } from '@switchyard/core';

const SEMI_SPACE_FLAG = /^--(min|max)[-_]semi[-_]space[-_]size=/;

/** `execArgv` with any semi-space flags replaced by the configured ones (for forked workers). */
export function withYoungGeneration(execArgv: readonly string[], mb: number): string[] {
  return [...execArgv.filter((a) => !SEMI_SPACE_FLAG.test(a)), ...youngGenerationFlags(mb)];
}

/**
 * The semi-space floor, MB, this process started with; 0 = V8's own sizing. Read from the flags
 * V8 was given: the heap's own `new_space` size counts one or both semi-spaces depending on
 * whether a scavenge has committed the second, so it cannot tell.
 */
export function youngGenerationMb(execArgv: readonly string[] = process.execArgv): number {
  let mb = 0;
  for (const arg of execArgv) {
    const flag = /^--min[-_]semi[-_]space[-_]size=(\d+)$/.exec(arg);
    if (flag !== null) mb = Number(flag[1]);
  }
  return mb;
}

/** Null when this process runs with the configured young generation, else what it has. */
export function youngGenerationShortfall(
  mb: number,
  execArgv: readonly string[] = process.execArgv,
): { configuredMb: number; actualMb: number; flags: string } | null {
  const actualMb = youngGenerationMb(execArgv);
  if (mb === 0 || actualMb >= mb) return null;
  return { configuredMb: mb, actualMb, flags: youngGenerationFlags(mb).join(' ') };
}
