/** A routing decision (core KeyDecision) or why there is none. */
import { z } from 'zod';

export const ZKeyDecision = z.object({
  key: z.string(),
  keyType: z.string(),
  code: z.number().int().nullable(),
  read: z.string(),
  writes: z.array(z.string()).readonly(),
  dualWrite: z.boolean(),
  grayRead: z.boolean(),
  failover: z.object({ from: z.string(), to: z.string() }).nullable(),
  migration: z.string().nullable(),
  readPolicy: z.enum(['primary', 'replica']),
  cacheTier: z.enum(['none', '1s', '5m']),
  valueFormat: z.enum(['seq', 'plain']),
  reasons: z.array(z.string()).readonly(),
  /** Dual-centre key types (seed 003): the instance each region's proxies read from. */
  localReads: z.record(z.string(), z.string()).nullable().optional(),
});

export const ZRouteOutcome = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), decision: ZKeyDecision }),
  /** `error`: a core route error code, or CONFIG_INVALID when the snapshot does not compile. */
  z.object({ ok: z.literal(false), error: z.string(), message: z.string() }),
]);
