import { z } from 'zod';
import { createFilter, listFilters, removeFilter } from '../../services/recon-filter-service.ts';
import { operatorProcedure, router, viewerProcedure } from '../../trpc.ts';
import {
  ZReconFilterCreate,
  ZReconFilterListRequest,
  ZReconFilterListResponse,
  ZReconFilterRemove,
  ZReconFilterView,
} from './filters.types.ts';

export const reconFiltersRouter = router({
  list: viewerProcedure
    .input(ZReconFilterListRequest)
    .output(ZReconFilterListResponse)
    .query(async ({ ctx, input }) => ({ filters: await listFilters(ctx.db, input.migrationId) })),
  create: operatorProcedure
    .input(ZReconFilterCreate)
    .output(ZReconFilterView)
    .mutation(({ ctx, input }) => createFilter(ctx.db, ctx.actor, input)),
  remove: operatorProcedure
    .input(ZReconFilterRemove)
    .output(z.object({ ok: z.boolean() }))
    .mutation(({ ctx, input }) => removeFilter(ctx.db, ctx.actor, input)),
});
