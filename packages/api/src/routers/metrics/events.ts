import { chartEvents } from '../../services/chart-events.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZMetricsEventsRequestSchema, ZMetricsEventsResponseSchema } from './events.types.ts';

export const metricsEventsRoute = viewerProcedure
  .input(ZMetricsEventsRequestSchema)
  .output(ZMetricsEventsResponseSchema)
  .query(({ ctx, input }) => chartEvents(ctx.db, input.sinceSec));
