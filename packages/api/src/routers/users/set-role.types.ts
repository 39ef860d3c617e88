/** `users.setRole`: change a user's role (the last admin stays admin). */
import { z } from 'zod';
import { ZRole } from '../../roles.ts';

export const ZSetUserRoleRequestSchema = z.object({ id: z.string().min(1), role: ZRole });
export const ZSetUserRoleResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZRole,
  createdAt: z.string(),
});

export type TSetUserRoleRequest = z.infer<typeof ZSetUserRoleRequestSchema>;
export type TSetUserRoleResponse = z.infer<typeof ZSetUserRoleResponseSchema>;
