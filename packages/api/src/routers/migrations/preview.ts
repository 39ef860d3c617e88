import { previewCreate, previewStep } from '../../services/migration-preview-service.ts';
import { operatorProcedure } from '../../trpc.ts';
import {
  ZPreviewCreateRequestSchema,
  ZPreviewCreateResponseSchema,
  ZPreviewStepRequestSchema,
  ZPreviewStepResponseSchema,
} from './preview.types.ts';

/** Operators only: the create preview connects to an instance and SCANs it (bounded). */
export const migrationPreviewCreateRoute = operatorProcedure
  .input(ZPreviewCreateRequestSchema)
  .output(ZPreviewCreateResponseSchema)
  .query(({ ctx, input }) => previewCreate(ctx, input));

export const migrationPreviewStepRoute = operatorProcedure
  .input(ZPreviewStepRequestSchema)
  .output(ZPreviewStepResponseSchema)
  .query(({ ctx, input }) => previewStep(ctx, input));
