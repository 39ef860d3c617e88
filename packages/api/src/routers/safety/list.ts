import { listSafety } from '../../services/safety/safety-view.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListSafetyRequestSchema, ZListSafetyResponseSchema } from './list.types.ts';

export const listSafetyRoute = viewerProcedure
  .input(ZListSafetyRequestSchema)
  .output(ZListSafetyResponseSchema)
  .query(({ ctx, input }) => listSafety(ctx.db, input.overrideHours));
