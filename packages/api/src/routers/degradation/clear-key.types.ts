/** `degradation.clearKey`: remove a key's drop rule. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZClearKeyDropRequestSchema = z.object({ key: z.string().min(1).max(1024), reason: ZReason });
export const ZClearKeyDropResponseSchema = ZDropResponse;

export type TClearKeyDropRequest = z.infer<typeof ZClearKeyDropRequestSchema>;
export type TClearKeyDropResponse = z.infer<typeof ZClearKeyDropResponseSchema>;
