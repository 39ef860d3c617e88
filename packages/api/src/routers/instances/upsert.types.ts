/** `instances.upsert`: add or replace a Redis instance in the draft. */
import { z } from 'zod';
import { ZInstance } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZUpsertInstanceRequestSchema = ZDraftEditBase.extend({ instance: ZInstance });
/** `dataUser`: whether the managed data user (issue 14) was created or re-applied on the servers. */
export const ZUpsertInstanceResponseSchema = ZDraftEditResponseSchema.extend({
  dataUser: z.object({ provisioned: z.boolean(), message: z.string() }),
});

export type TUpsertInstanceRequest = z.infer<typeof ZUpsertInstanceRequestSchema>;
export type TUpsertInstanceResponse = z.infer<typeof ZUpsertInstanceResponseSchema>;
