import { listUsers } from '../../services/access-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZListUsersRequestSchema, ZListUsersResponseSchema } from './list.types.ts';

export const listRoute = adminProcedure
  .input(ZListUsersRequestSchema)
  .output(ZListUsersResponseSchema)
  .query(({ ctx }) => listUsers(ctx.db));
