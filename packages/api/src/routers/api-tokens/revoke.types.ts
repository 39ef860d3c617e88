/** `api-tokens.revoke`: revoke a CLI token. */
import { z } from 'zod';

export const ZRevokeApiTokenRequestSchema = z.object({ id: z.string().min(1) });
export const ZRevokeApiTokenResponseSchema = z.object({ ok: z.literal(true) });

export type TRevokeApiTokenRequest = z.infer<typeof ZRevokeApiTokenRequestSchema>;
export type TRevokeApiTokenResponse = z.infer<typeof ZRevokeApiTokenResponseSchema>;
