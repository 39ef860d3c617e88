/** `callers.rotateSecret`: issue a new secret for a caller; returned once. */
import { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase } from '../shared.types.ts';

export const ZRotateCallerSecretRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZRotateCallerSecretResponseSchema = z.object({
  revision: z.number().int(),
  name: z.string(),
  /** Shown once; only its hash is kept. */ secret: z.string(),
});

export type TRotateCallerSecretRequest = z.infer<typeof ZRotateCallerSecretRequestSchema>;
export type TRotateCallerSecretResponse = z.infer<typeof ZRotateCallerSecretResponseSchema>;
