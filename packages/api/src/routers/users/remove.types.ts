/** `users.remove`: remove a user (not yourself, not the last admin). */
import { z } from 'zod';

export const ZRemoveUserRequestSchema = z.object({ id: z.string().min(1) });
export const ZRemoveUserResponseSchema = z.object({ ok: z.literal(true) });

export type TRemoveUserRequest = z.infer<typeof ZRemoveUserRequestSchema>;
export type TRemoveUserResponse = z.infer<typeof ZRemoveUserResponseSchema>;
