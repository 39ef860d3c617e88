/**
 * `recon.repair`: copy one differing key (or all of them) in the direction the operator
 * chooses. A CAS on what the reconciliation saw: a key written since is left alone.
 */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';

export const ZRepairDirection = z.enum(['old-to-new', 'new-to-old'], {
  error: 'direction must be old-to-new or new-to-old',
});

export const ZReconRepairRequestSchema = z
  .object({
    id: z.string().min(1).max(100),
    key: z.string().min(1).max(1024).optional(),
    all: z.boolean().optional(),
    direction: ZRepairDirection,
    reason: ZReason,
  })
  .refine((r) => (r.key !== undefined) !== (r.all === true), {
    message: 'give either a key or all: true',
    path: ['key'],
  });
export type TReconRepairRequest = z.infer<typeof ZReconRepairRequestSchema>;

export const ZRepairKeyResult = z.object({
  key: z.string(),
  /** repaired | conflict (changed since the reconciliation: re-run) | unsupported | error. */
  outcome: z.enum(['repaired', 'conflict', 'unsupported', 'error']),
  message: z.string(),
});
export const ZReconRepairResponseSchema = z.object({
  repaired: z.number().int(),
  failed: z.number().int(),
  results: z.array(ZRepairKeyResult),
});
export type TReconRepairResponse = z.infer<typeof ZReconRepairResponseSchema>;
