/** `regions.remove`: remove an unused region from the draft. */
import type { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZRemoveRegionRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZRemoveRegionResponseSchema = ZDraftEditResponseSchema;

export type TRemoveRegionRequest = z.infer<typeof ZRemoveRegionRequestSchema>;
export type TRemoveRegionResponse = z.infer<typeof ZRemoveRegionResponseSchema>;
