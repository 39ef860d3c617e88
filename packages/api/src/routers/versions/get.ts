import { getVersion } from '../../services/versions-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZGetVersionRequestSchema, ZGetVersionResponseSchema } from './get.types.ts';

export const getVersionRoute = viewerProcedure
  .input(ZGetVersionRequestSchema)
  .output(ZGetVersionResponseSchema)
  .query(({ ctx, input }) => getVersion(ctx.db, input.version));
