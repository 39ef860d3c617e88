/** `degradation.list`: drop rules in the latest published version, with whether each is still active. */
import { z } from 'zod';

export const ZListDegradationRequestSchema = z.void();
export const ZListDegradationResponseSchema = z.object({
  version: z.number().int(),
  callers: z.array(
    z.object({ caller: z.string(), ratio: z.number(), expiresAt: z.string().nullable(), active: z.boolean() }),
  ),
  keys: z.array(
    z.object({ key: z.string(), ratio: z.number(), expiresAt: z.string().nullable(), active: z.boolean() }),
  ),
});

export type TListDegradationRequest = z.infer<typeof ZListDegradationRequestSchema>;
export type TListDegradationResponse = z.infer<typeof ZListDegradationResponseSchema>;
