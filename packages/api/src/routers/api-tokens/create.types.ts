/** `api-tokens.create`: issue a CLI token acting as a user; returned once. */
import { z } from 'zod';

export const ZCreateApiTokenRequestSchema = z.object({
  name: z.string().trim().min(1).max(120),
  userId: z.string().min(1),
});
export const ZCreateApiTokenResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Shown once; only its sha256 is kept. */ token: z.string(),
});

export type TCreateApiTokenRequest = z.infer<typeof ZCreateApiTokenRequestSchema>;
export type TCreateApiTokenResponse = z.infer<typeof ZCreateApiTokenResponseSchema>;
