/** `users.list`: console users and their roles. */
import { z } from 'zod';
import { ZRole } from '../../roles.ts';

export const ZListUsersRequestSchema = z.void();
export const ZListUsersResponseSchema = z.array(
  z.object({ id: z.string(), email: z.string(), name: z.string(), role: ZRole, createdAt: z.string() }),
);

export type TListUsersRequest = z.infer<typeof ZListUsersRequestSchema>;
export type TListUsersResponse = z.infer<typeof ZListUsersResponseSchema>;
