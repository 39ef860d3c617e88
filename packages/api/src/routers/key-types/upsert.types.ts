/** `key-types.upsert`: add or replace a key type (appended when new). */
import type { z } from 'zod';
import { ZKeyType } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpsertKeyTypeRequestSchema = ZDraftEditBase.extend({ keyType: ZKeyType });
export const ZUpsertKeyTypeResponseSchema = ZDraftEditResponseSchema;

export type TUpsertKeyTypeRequest = z.infer<typeof ZUpsertKeyTypeRequestSchema>;
export type TUpsertKeyTypeResponse = z.infer<typeof ZUpsertKeyTypeResponseSchema>;
