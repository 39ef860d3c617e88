/** `failover.clear`: fail back: resync homes from the promoted mirrors, publish the route home, restore replication. */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';
import { ZReason, ZStepReport } from '../shared.types.ts';

export const ZFailoverClearRequestSchema = z.object({ from: ZRegionName, reason: ZReason });
export const ZFailoverClearResponseSchema = z.object({ version: z.number().int(), hash: z.string(), draftRevision: z.number().int().nullable(), steps: z.array(ZStepReport), ok: z.boolean() });

export type TFailoverClearRequest = z.infer<typeof ZFailoverClearRequestSchema>;
export type TFailoverClearResponse = z.infer<typeof ZFailoverClearResponseSchema>;
