import { removeCode } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveCodeRequestSchema, ZRemoveCodeResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveCodeRequestSchema)
  .output(ZRemoveCodeResponseSchema)
  .mutation(({ ctx, input }) => removeCode(ctx.db, ctx.actor, input));
