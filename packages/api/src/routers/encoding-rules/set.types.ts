/** `encoding-rules.set`: replace the ordered encoding rules (region;identity;set → code). */
import { z } from 'zod';
import { ZEncodingRule } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZSetEncodingRulesRequestSchema = ZDraftEditBase.extend({ rules: z.array(ZEncodingRule) });
export const ZSetEncodingRulesResponseSchema = ZDraftEditResponseSchema;

export type TSetEncodingRulesRequest = z.infer<typeof ZSetEncodingRulesRequestSchema>;
export type TSetEncodingRulesResponse = z.infer<typeof ZSetEncodingRulesResponseSchema>;
