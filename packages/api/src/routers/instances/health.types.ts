/** `instances.health`: live reachability and replication (INFO replication) of every draft instance. */
import { z } from 'zod';

export const ZInstancesHealthRequestSchema = z.void();
export const ZInstancesHealthResponseSchema = z.array(
  z.object({
    name: z.string(),
    region: z.string(),
    reachable: z.boolean(),
    role: z.enum(['master', 'slave']).nullable(),
    masterLinkStatus: z.enum(['up', 'down']).nullable(),
    replicaOf: z.string().nullable(),
    offset: z.number().nullable(),
    lagBytes: z.number().nullable(),
    error: z.string().nullable(),
    /** Issue 14: the managed data user and RESTORE sanitization; `warnings` says what to fix. */
    dataUser: z.enum(['ok', 'not-configured', 'missing', 'wrong-password', 'too-broad', 'unknown']),
    sanitizeDumpPayload: z.string().nullable(),
    warnings: z.array(z.string()),
  }),
);

export type TInstancesHealthRequest = z.infer<typeof ZInstancesHealthRequestSchema>;
export type TInstancesHealthResponse = z.infer<typeof ZInstancesHealthResponseSchema>;
