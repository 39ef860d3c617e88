/** `users.create`: add a console user with a password (stored as scrypt). */
import { z } from 'zod';
import { ZRole } from '../../roles.ts';

export const ZCreateUserRequestSchema = z.object({
  email: z.email(),
  name: z.string().trim().min(1).max(120),
  role: ZRole,
  password: z.string().min(12, 'use at least 12 characters').max(1024),
});
export const ZCreateUserResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  createdAt: z.string(),
});

export type TCreateUserRequest = z.infer<typeof ZCreateUserRequestSchema>;
export type TCreateUserResponse = z.infer<typeof ZCreateUserResponseSchema>;
