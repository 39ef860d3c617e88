/** `worker-tokens.create`: issue a worker token (config polling, heartbeats); returned once. */
import { z } from 'zod';

export const ZCreateWorkerTokenRequestSchema = z.object({ name: z.string().trim().min(1).max(120) });
export const ZCreateWorkerTokenResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Shown once; only its sha256 is kept. */ token: z.string(),
});

export type TCreateWorkerTokenRequest = z.infer<typeof ZCreateWorkerTokenRequestSchema>;
export type TCreateWorkerTokenResponse = z.infer<typeof ZCreateWorkerTokenResponseSchema>;
