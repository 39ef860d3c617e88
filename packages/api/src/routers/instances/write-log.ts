import { latestSnapshot } from '../../services/publish-service.ts';
import { writeLogStatuses } from '../../services/write-log-service.ts';
import { viewerProcedure } from '../../trpc.ts';
import { ZInstancesWriteLogRequestSchema, ZInstancesWriteLogResponseSchema } from './write-log.types.ts';

export const writeLogRoute = viewerProcedure
  .input(ZInstancesWriteLogRequestSchema)
  .output(ZInstancesWriteLogResponseSchema)
  .query(async ({ ctx }) => {
    const { snapshot } = await latestSnapshot(ctx.db);
    return { thresholds: snapshot.writeLog, mirrors: await writeLogStatuses(snapshot, ctx.options.redisTimeoutMs) };
  });
