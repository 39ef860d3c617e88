/** `worker-tokens.list`: proxy worker tokens (never the token itself). */
import { z } from 'zod';

export const ZListWorkerTokensRequestSchema = z.void();
export const ZListWorkerTokensResponseSchema = z.array(
  z.object({ id: z.string(), name: z.string(), createdAt: z.string() }),
);

export type TListWorkerTokensRequest = z.infer<typeof ZListWorkerTokensRequestSchema>;
export type TListWorkerTokensResponse = z.infer<typeof ZListWorkerTokensResponseSchema>;
