/** `degradation.clearCaller`: remove a caller's drop rule. */
import { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZReason } from '../shared.types.ts';
import { ZDropResponse } from './degradation.types.ts';

export const ZClearCallerDropRequestSchema = z.object({ caller: ZName, reason: ZReason });
export const ZClearCallerDropResponseSchema = ZDropResponse;

export type TClearCallerDropRequest = z.infer<typeof ZClearCallerDropRequestSchema>;
export type TClearCallerDropResponse = z.infer<typeof ZClearCallerDropResponseSchema>;
