/** `fleet.list`: workers with their applied version and liveness, and whether the latest publish converged. */
import { z } from 'zod';
import { ZCanaryView } from '../../services/canary/canary-types.ts';
import { ZJsonValue } from '../../services/json.ts';

export const ZListFleetRequestSchema = z.void();
export const ZListFleetResponseSchema = z.object({
  workers: z.array(
    z.object({
      name: z.string(),
      region: z.string(),
      appliedVersion: z.number().int(),
      lastSeen: z.string(),
      startedAt: z.string(),
      pid: z.number().int().nullable(),
      live: z.boolean(),
      summary: ZJsonValue.nullable(),
    }),
  ),
  convergence: z.object({
    publishedVersion: z.number().int().nullable(),
    /** Every live worker runs publishedVersion (and at least one is live). */
    converged: z.boolean(),
    live: z.number().int(),
    stragglers: z.array(z.string()),
  }),
  /** The newest canary publish (issue 18) and its state; null when none was made. */
  canary: ZCanaryView.nullable(),
});

export type TListFleetRequest = z.infer<typeof ZListFleetRequestSchema>;
export type TListFleetResponse = z.infer<typeof ZListFleetResponseSchema>;
