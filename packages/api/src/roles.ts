/** Console roles (DESIGN §9), ordered: each role may do everything the roles before it may. */
import { z } from 'zod';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const ZRole = z.enum(ROLES);
export type TRole = z.infer<typeof ZRole>;

export const roleAllows = (have: TRole, need: TRole): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

/** Who is calling. API tokens act as their user, with that user's role. */
export interface Actor {
  userId: string;
  email: string;
  name: string;
  role: TRole;
  via: 'session' | 'api-token' | 'internal';
}
