import { rotateCallerSecret } from '../../services/caller-service.ts';
import { adminProcedure } from '../../trpc.ts';
import { ZRotateCallerSecretRequestSchema, ZRotateCallerSecretResponseSchema } from './rotate-secret.types.ts';

export const rotateSecretRoute = adminProcedure
  .input(ZRotateCallerSecretRequestSchema)
  .output(ZRotateCallerSecretResponseSchema)
  .mutation(({ ctx, input }) => rotateCallerSecret(ctx.db, ctx.actor, input));
