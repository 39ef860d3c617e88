import { publicProcedure } from '../../trpc.ts';
import { ZMeRequestSchema, ZMeResponseSchema } from './me.types.ts';

export const meRoute = publicProcedure
  .input(ZMeRequestSchema)
  .output(ZMeResponseSchema)
  .query(({ ctx }) => ctx.actor);
