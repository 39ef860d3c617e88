/** `requests.reject`: a second user refuses the change. */
import type { z } from 'zod';
import { ZRequestDecision, ZRequestView } from './request.types.ts';

export const ZRejectRequestRequestSchema = ZRequestDecision;
export const ZRejectRequestResponseSchema = ZRequestView;
export type TRejectRequestRequest = z.infer<typeof ZRejectRequestRequestSchema>;
export type TRejectRequestResponse = z.infer<typeof ZRejectRequestResponseSchema>;
