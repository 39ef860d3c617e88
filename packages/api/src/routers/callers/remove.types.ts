/** `callers.remove`: remove a caller (and its drop rule). */
import type { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZRemoveCallerRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZRemoveCallerResponseSchema = ZDraftEditResponseSchema;

export type TRemoveCallerRequest = z.infer<typeof ZRemoveCallerRequestSchema>;
export type TRemoveCallerResponse = z.infer<typeof ZRemoveCallerResponseSchema>;
