/** `failover.status`: per region: its active override and the live state of the mirrors that would take its traffic. */
import { z } from 'zod';
import { ZHomeFence, ZMirrorStatus } from './failover.types.ts';
import { ZWorkflowView } from './workflow.types.ts';

export const ZFailoverStatusRequestSchema = z.void();
export const ZFailoverStatusResponseSchema = z.object({
  version: z.number().int(),
  regions: z.array(
    z.object({
      region: z.string(),
      label: z.string().nullable(),
      override: z.object({ to: z.string(), reason: z.string().nullable(), since: z.string().nullable() }).nullable(),
      mirrors: z.array(ZMirrorStatus),
      /** While failed over: each old home's fence state. */
      homes: z.array(ZHomeFence),
    }),
  ),
  /** Failover/failback workflows still running or incomplete: show loudly. */
  unfinished: z.array(ZWorkflowView),
  /** The latest workflows, newest first. */
  recent: z.array(ZWorkflowView),
});

export type TFailoverStatusRequest = z.infer<typeof ZFailoverStatusRequestSchema>;
export type TFailoverStatusResponse = z.infer<typeof ZFailoverStatusResponseSchema>;
