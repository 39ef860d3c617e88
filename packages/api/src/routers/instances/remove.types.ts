/** `instances.remove`: remove an instance no storage code uses. */
import type { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZRemoveInstanceRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZRemoveInstanceResponseSchema = ZDraftEditResponseSchema;

export type TRemoveInstanceRequest = z.infer<typeof ZRemoveInstanceRequestSchema>;
export type TRemoveInstanceResponse = z.infer<typeof ZRemoveInstanceResponseSchema>;
