/** Schemas the metrics procedures share: the time window and a dense time series. */
import { z } from 'zod';

/** How far back a chart looks, in seconds: one minute to the 7-day default retention. */
export const ZSinceSec = z
  .number()
  .int()
  .min(60)
  .max(7 * 86_400)
  .default(900);

export const ZMetricsWindowRequest = z.object({ sinceSec: ZSinceSec }).default({ sinceSec: 900 });

/** One value per series per step; `t` is the step start in epoch milliseconds. Rates are per second. */
export const ZTimeSeries = z.object({
  stepSec: z.number().int(),
  series: z.array(z.string()),
  points: z.array(z.object({ t: z.number(), values: z.record(z.string(), z.number()) })),
});
export type TTimeSeries = z.infer<typeof ZTimeSeries>;

/** What the published config says about a key: its key type, cache tier and drop rule. */
export const ZKeyAnnotation = z.object({
  keyType: z.string().nullable(),
  cacheTier: z.string().nullable(),
  dropRatio: z.number().nullable(),
});
