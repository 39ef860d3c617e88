/** `versions.rollback`: republish an old version as a new one (rolledBackFrom) and reset the draft to it. */
import { z } from 'zod';
import { ZReason, ZVersionMeta } from '../shared.types.ts';

export const ZRollbackVersionRequestSchema = z.object({ version: z.number().int().min(1), reason: ZReason });
export const ZRollbackVersionResponseSchema = ZVersionMeta.extend({ draftRevision: z.number().int() });

export type TRollbackVersionRequest = z.infer<typeof ZRollbackVersionRequestSchema>;
export type TRollbackVersionResponse = z.infer<typeof ZRollbackVersionResponseSchema>;
