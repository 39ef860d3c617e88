/** `codes.setDeployed`: set the deployed codes and the bottom (fallback) code. */
import { z } from 'zod';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZSetDeployedRequestSchema = ZDraftEditBase.extend({
  deployedCodes: z.array(z.number().int().min(0)),
  bottom: z.number().int().min(0),
});
export const ZSetDeployedResponseSchema = ZDraftEditResponseSchema;

export type TSetDeployedRequest = z.infer<typeof ZSetDeployedRequestSchema>;
export type TSetDeployedResponse = z.infer<typeof ZSetDeployedResponseSchema>;
