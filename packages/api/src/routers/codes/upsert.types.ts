/** `codes.upsert`: add or replace a storage code (identity, home region, instance per region). */
import type { z } from 'zod';
import { ZStorageCode } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpsertCodeRequestSchema = ZDraftEditBase.extend({ code: ZStorageCode });
export const ZUpsertCodeResponseSchema = ZDraftEditResponseSchema;

export type TUpsertCodeRequest = z.infer<typeof ZUpsertCodeRequestSchema>;
export type TUpsertCodeResponse = z.infer<typeof ZUpsertCodeResponseSchema>;
