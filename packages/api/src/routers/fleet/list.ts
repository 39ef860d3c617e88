import { listFleet } from '../../services/fleet-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListFleetRequestSchema, ZListFleetResponseSchema } from './list.types.ts';

export const listFleetRoute = viewerProcedure
  .input(ZListFleetRequestSchema)
  .output(ZListFleetResponseSchema)
  .query(({ ctx }) => listFleet(ctx.db, ctx.options.workerLiveMs));
