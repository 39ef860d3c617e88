/** `api-tokens.list`: CLI tokens (never the token itself). */
import { z } from 'zod';

export const ZListApiTokensRequestSchema = z.void();
export const ZListApiTokensResponseSchema = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    user: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
  }),
);

export type TListApiTokensRequest = z.infer<typeof ZListApiTokensRequestSchema>;
export type TListApiTokensResponse = z.infer<typeof ZListApiTokensResponseSchema>;
