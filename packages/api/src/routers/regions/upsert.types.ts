/** `regions.upsert`: add or replace a region in the draft. */
import type { z } from 'zod';
import { ZRegion } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpsertRegionRequestSchema = ZDraftEditBase.extend({ region: ZRegion });
export const ZUpsertRegionResponseSchema = ZDraftEditResponseSchema;

export type TUpsertRegionRequest = z.infer<typeof ZUpsertRegionRequestSchema>;
export type TUpsertRegionResponse = z.infer<typeof ZUpsertRegionResponseSchema>;
