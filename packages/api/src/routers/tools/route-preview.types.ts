/** `tools.routePreview`: the route of one key under the latest published version and under the draft, with reasons. */
import { z } from 'zod';
import { ZRouteOutcome } from './route-outcome.types.ts';

export const ZRoutePreviewRequestSchema = z.object({ key: z.string().min(1).max(1024) });
export const ZRoutePreviewResponseSchema = z.object({
  key: z.string(),
  published: z.object({ version: z.number().int(), outcome: ZRouteOutcome }).nullable(),
  draft: z.object({ revision: z.number().int(), outcome: ZRouteOutcome }).nullable(),
});

export type TRoutePreviewRequest = z.infer<typeof ZRoutePreviewRequestSchema>;
export type TRoutePreviewResponse = z.infer<typeof ZRoutePreviewResponseSchema>;
