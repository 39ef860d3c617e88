/** `worker-tokens.revoke`: revoke a worker token. */
import { z } from 'zod';

export const ZRevokeWorkerTokenRequestSchema = z.object({ id: z.string().min(1) });
export const ZRevokeWorkerTokenResponseSchema = z.object({ ok: z.literal(true) });

export type TRevokeWorkerTokenRequest = z.infer<typeof ZRevokeWorkerTokenRequestSchema>;
export type TRevokeWorkerTokenResponse = z.infer<typeof ZRevokeWorkerTokenResponseSchema>;
