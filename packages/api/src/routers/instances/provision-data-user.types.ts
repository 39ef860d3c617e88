/** `instances.provisionDataUser`: create (or re-apply) the managed Redis ACL user of an instance (issue 14). */
import type { z } from 'zod';
import { ZName } from '@switchyard/core';
import { ZDraftEditBase, ZDraftEditResponseSchema } from '../shared.types.ts';

export const ZProvisionDataUserRequestSchema = ZDraftEditBase.extend({ name: ZName });
export const ZProvisionDataUserResponseSchema = ZDraftEditResponseSchema;

export type TProvisionDataUserRequest = z.infer<typeof ZProvisionDataUserRequestSchema>;
export type TProvisionDataUserResponse = z.infer<typeof ZProvisionDataUserResponseSchema>;
