import { diffVersions } from '../../services/versions-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZDiffVersionsRequestSchema, ZDiffVersionsResponseSchema } from './diff.types.ts';

export const diffVersionsRoute = viewerProcedure
  .input(ZDiffVersionsRequestSchema)
  .output(ZDiffVersionsResponseSchema)
  .query(({ ctx, input }) => diffVersions(ctx.db, input.from, input.to));
