/** `requests.list`: change requests, newest first (expired ones are marked on read). */
import { z } from 'zod';
import { ZRequestView } from './request.types.ts';

export const ZListRequestsRequestSchema = z
  .object({ status: ZRequestView.shape.status.optional(), limit: z.number().int().min(1).max(200).default(50) })
  .default({ limit: 50 });
export const ZListRequestsResponseSchema = z.array(ZRequestView);
export type TListRequestsRequest = z.infer<typeof ZListRequestsRequestSchema>;
export type TListRequestsResponse = z.infer<typeof ZListRequestsResponseSchema>;
