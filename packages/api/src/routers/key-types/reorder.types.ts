/** `key-types.reorder`: reorder key types (first match wins). */
import { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZReorderKeyTypesRequestSchema = ZDraftEditBase.extend({ order: z.array(ZName) });
export const ZReorderKeyTypesResponseSchema = ZDraftEditResponseSchema;

export type TReorderKeyTypesRequest = z.infer<typeof ZReorderKeyTypesRequestSchema>;
export type TReorderKeyTypesResponse = z.infer<typeof ZReorderKeyTypesResponseSchema>;
