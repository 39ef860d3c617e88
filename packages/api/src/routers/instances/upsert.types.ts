/** `instances.upsert`: add or replace a Redis instance in the draft. */
import { z } from 'zod';
import { ZInstance } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpsertInstanceRequestSchema = ZDraftEditBase.extend({ instance: ZInstance });
export const ZUpsertInstanceResponseSchema = ZDraftEditResponseSchema;

export type TUpsertInstanceRequest = z.infer<typeof ZUpsertInstanceRequestSchema>;
export type TUpsertInstanceResponse = z.infer<typeof ZUpsertInstanceResponseSchema>;
