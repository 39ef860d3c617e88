import { listAudit } from '../../services/audit-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZListAuditRequestSchema, ZListAuditResponseSchema } from './list.types.ts';

export const listAuditRoute = viewerProcedure
  .input(ZListAuditRequestSchema)
  .output(ZListAuditResponseSchema)
  .query(({ ctx, input }) => listAudit(ctx.db, input));
