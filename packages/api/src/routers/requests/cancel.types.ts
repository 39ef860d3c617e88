/** `requests.cancel`: withdraw a pending request, or stop an approved one before its scheduled time. */
import type { z } from 'zod';
import { ZRequestDecision, ZRequestView } from './request.types.ts';

export const ZCancelRequestRequestSchema = ZRequestDecision;
export const ZCancelRequestResponseSchema = ZRequestView;
export type TCancelRequestRequest = z.infer<typeof ZCancelRequestRequestSchema>;
export type TCancelRequestResponse = z.infer<typeof ZCancelRequestResponseSchema>;
