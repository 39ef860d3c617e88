import { removeKeyType } from '../../services/model-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRemoveKeyTypeRequestSchema, ZRemoveKeyTypeResponseSchema } from './remove.types.ts';

export const removeRoute = adminProcedure
  .input(ZRemoveKeyTypeRequestSchema)
  .output(ZRemoveKeyTypeResponseSchema)
  .mutation(({ ctx, input }) => removeKeyType(ctx.db, ctx.actor, input));
