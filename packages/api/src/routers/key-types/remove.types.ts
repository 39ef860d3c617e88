/** `key-types.remove`: remove a key type. */
import type { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZRemoveKeyTypeRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZRemoveKeyTypeResponseSchema = ZDraftEditResponseSchema;

export type TRemoveKeyTypeRequest = z.infer<typeof ZRemoveKeyTypeRequestSchema>;
export type TRemoveKeyTypeResponse = z.infer<typeof ZRemoveKeyTypeResponseSchema>;
