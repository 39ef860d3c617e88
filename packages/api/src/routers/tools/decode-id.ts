import { decodeId } from '../../services/tools-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZDecodeIdRequestSchema, ZDecodeIdResponseSchema } from './decode-id.types.ts';

export const decodeIdRoute = viewerProcedure
  .input(ZDecodeIdRequestSchema)
  .output(ZDecodeIdResponseSchema)
  .query(({ ctx, input }) => decodeId(ctx.db, input.id));
