/** `requests.approve`: a second user approves; the change runs now, or at `runAt` (cancellable until then). */
import { z } from 'zod';
import { ZRequestDecision, ZRequestView } from './request.types.ts';

export const ZApproveRequestRequestSchema = ZRequestDecision.extend({
  runAt: z.iso.datetime({ offset: true }).optional(),
});
export const ZApproveRequestResponseSchema = ZRequestView;
export type TApproveRequestRequest = z.infer<typeof ZApproveRequestRequestSchema>;
export type TApproveRequestResponse = z.infer<typeof ZApproveRequestResponseSchema>;
