/** Schemas shared by the change-request procedures (two-person approval). */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';

export const ZRequestView = z.object({
  id: z.string(),
  action: z.string(),
  summary: z.string(),
  requester: z.string(),
  reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'expired', 'cancelled', 'running', 'done', 'failed']),
  expiresAt: z.string(),
  scheduledAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
});
export const ZRequestDecision = z.object({ id: z.string().min(1).max(100), reason: ZReason });
