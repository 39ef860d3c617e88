/** `auth.me`: who the caller is, or null when not signed in (the UI redirects to /login). */
import { z } from 'zod';
import { ZRole } from '../../roles.ts';

export const ZMeRequestSchema = z.void();
export const ZMeResponseSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: ZRole,
    via: z.enum(['session', 'api-token', 'internal']),
  })
  .nullable();

export type TMeRequest = z.infer<typeof ZMeRequestSchema>;
export type TMeResponse = z.infer<typeof ZMeResponseSchema>;
