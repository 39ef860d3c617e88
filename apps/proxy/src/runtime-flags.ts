/**
 * Issue 20: the V8 flags a serving process starts with. V8 sizes its young generation only at
 * start-up and Node refuses `--min-semi-space-size` in NODE_OPTIONS, so the setting reaches a
 * process on its command line: launchers put `proxyNodeFlags()` before the entry point, the
 * cluster primary hands it to its workers, and a process started without it says so
 * (`youngGenerationShortfall`).
 */
import { ZProxyEnv } from './env.ts';

const SEMI_SPACE_FLAG = /^--(min|max)[-_]semi[-_]space[-_]size=/;

/** The node flags for PROXY_YOUNG_GENERATION_MB in `source`; an invalid value throws. */
export function proxyNodeFlags(source: NodeJS.ProcessEnv): string[] {
  const parsed = ZProxyEnv.shape.PROXY_YOUNG_GENERATION_MB.safeParse(source['PROXY_YOUNG_GENERATION_MB'] || undefined);
  if (!parsed.success) throw new Error(`invalid PROXY_YOUNG_GENERATION_MB: ${parsed.error.issues[0]?.message}`);
  return youngGenerationFlags(parsed.data);
}

export function youngGenerationFlags(mb: number): string[] {
  return mb === 0 ? [] : [`--min-semi-space-size=${mb}`, `--max-semi-space-size=${mb}`];
}

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
