/** `tools.routePreview`: the route of one key under the latest published version and under the draft, with reasons. */
import { z } from 'zod';
import { ZRouteOutcome } from './route-outcome.types.ts';

export const ZRoutePreviewRequestSchema = z.object({
  key: z.string().min(1).max(1024),
  /** The Redis command the preview is for (decides read vs write targets); default GET. */
  command: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.|-]{0,63}$/, 'a Redis command name such as GET or SET')
    .optional(),
});
export const ZRoutePreviewResponseSchema = z.object({
  key: z.string(),
  /** The proxy's command table for `command` (issue 13): read or write, and how it is served. */
  command: z.object({ name: z.string(), write: z.boolean(), proxy: z.string() }),
  published: z.object({ version: z.number().int(), outcome: ZRouteOutcome }).nullable(),
  draft: z.object({ revision: z.number().int(), outcome: ZRouteOutcome }).nullable(),
});

export type TRoutePreviewRequest = z.infer<typeof ZRoutePreviewRequestSchema>;
export type TRoutePreviewResponse = z.infer<typeof ZRoutePreviewResponseSchema>;
