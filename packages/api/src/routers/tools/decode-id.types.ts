/** `tools.decodeId`: decode a meeting ID with the published layout: kind, code, day, and the code it routes to. */
import { z } from 'zod';

export const ZDecodeIdRequestSchema = z.object({ id: z.string().trim().min(1).max(32) });
export const ZDecodeIdResponseSchema = z.object({
  id: z.string(),
  kind: z.enum(['grouped', 'normal']),
  code: z.number().int(),
  day: z.number().int(),
  /** YYYY-MM-DD of the relative day, nearest today. */
  date: z.string(),
  random: z.string(),
  deployed: z.boolean(),
  /** After deployed/bottom resolution. */
  routedCode: z.number().int(),
  layout: z.object({ codeBits: z.number().int(), dayBits: z.number().int(), epoch: z.string() }),
});

export type TDecodeIdRequest = z.infer<typeof ZDecodeIdRequestSchema>;
export type TDecodeIdResponse = z.infer<typeof ZDecodeIdResponseSchema>;
