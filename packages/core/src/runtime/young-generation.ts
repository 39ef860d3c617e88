/**
 * Issue 20: the V8 semi-space a proxy worker serves with (PROXY_YOUNG_GENERATION_MB). Here so
 * that every launcher (the demo stack, the benches) and the proxy itself share one parse: V8
 * sizes its young generation only at start-up and Node refuses `--min-semi-space-size` in
 * NODE_OPTIONS, so the setting has to reach a worker as flags on its command line.
 */
import { z } from 'zod';

/** MB; 0 = V8's own sizing (1 MB growing to 16). */
export const ZYoungGenerationMb = z.coerce.number().int().min(0).max(1024).default(64);

export function youngGenerationFlags(mb: number): string[] {
  return mb === 0 ? [] : [`--min-semi-space-size=${mb}`, `--max-semi-space-size=${mb}`];
}

/** The node flags for PROXY_YOUNG_GENERATION_MB in `source` (unset or empty: the default); an invalid value throws. */
export function proxyNodeFlags(source: Readonly<Record<string, string | undefined>>): string[] {
  const parsed = ZYoungGenerationMb.safeParse(source['PROXY_YOUNG_GENERATION_MB'] || undefined);
  if (!parsed.success) throw new Error(`invalid PROXY_YOUNG_GENERATION_MB: ${parsed.error.issues[0]?.message}`);
  return youngGenerationFlags(parsed.data);
}
