import { listVersions } from '../../services/versions-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListVersionsRequestSchema, ZListVersionsResponseSchema } from './list.types.ts';

export const listVersionsRoute = viewerProcedure
  .input(ZListVersionsRequestSchema)
  .output(ZListVersionsResponseSchema)
  .query(({ ctx, input }) => listVersions(ctx.db, input));
