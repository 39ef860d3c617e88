/** `callers.create`: add a caller; the generated secret is returned once and only its hash is stored. */
import { z } from 'zod';
import { ZCallerFields } from './caller.types.ts';
import { ZDraftEditBase } from '../shared.types.ts';

export const ZCreateCallerRequestSchema = ZDraftEditBase.extend({ caller: ZCallerFields });
export const ZCreateCallerResponseSchema = z.object({
  revision: z.number().int(),
  name: z.string(),
  /** Shown once; only its hash is kept. */ secret: z.string(),
});

export type TCreateCallerRequest = z.infer<typeof ZCreateCallerRequestSchema>;
export type TCreateCallerResponse = z.infer<typeof ZCreateCallerResponseSchema>;
