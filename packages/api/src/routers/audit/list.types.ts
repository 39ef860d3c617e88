/** `audit.list`: audit entries, newest first, filtered by actor, action prefix, outcome and time range. */
import { z } from 'zod';
import { ZJsonValue } from '../../services/json.ts';

export const ZListAuditRequestSchema = z
  .object({
    actor: z.string().optional(),
    /** A prefix: 'failover' matches failover.set and failover.clear. */
    action: z.string().optional(),
    outcome: z.enum(['ok', 'denied', 'error']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });
export const ZListAuditResponseSchema = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actor: z.string(),
      action: z.string(),
      target: z.string(),
      reason: z.string().nullable(),
      before: ZJsonValue.nullable(),
      after: ZJsonValue.nullable(),
      outcome: z.enum(['ok', 'denied', 'error']),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export type TListAuditRequest = z.infer<typeof ZListAuditRequestSchema>;
export type TListAuditResponse = z.infer<typeof ZListAuditResponseSchema>;
