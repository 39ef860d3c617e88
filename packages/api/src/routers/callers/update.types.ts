/** `callers.update`: change a caller's permissions and limits; its secret stays. */
import type { z } from 'zod';
import { ZCallerFields } from './caller.types.ts';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpdateCallerRequestSchema = ZDraftEditBase.extend({ caller: ZCallerFields });
export const ZUpdateCallerResponseSchema = ZDraftEditResponseSchema;

export type TUpdateCallerRequest = z.infer<typeof ZUpdateCallerRequestSchema>;
export type TUpdateCallerResponse = z.infer<typeof ZUpdateCallerResponseSchema>;
