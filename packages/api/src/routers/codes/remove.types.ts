/** `codes.remove`: remove a storage code that is neither deployed nor bottom. */
import { z } from 'zod';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZRemoveCodeRequestSchema = ZDraftEditBase.extend({ code: z.number().int().min(0) });
export const ZRemoveCodeResponseSchema = ZDraftEditResponseSchema;

export type TRemoveCodeRequest = z.infer<typeof ZRemoveCodeRequestSchema>;
export type TRemoveCodeResponse = z.infer<typeof ZRemoveCodeResponseSchema>;
