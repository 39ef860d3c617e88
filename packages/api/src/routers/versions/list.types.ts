/** `versions.list`: published versions, newest first, paged by version number. */
import { z } from 'zod';
import { ZVersionMeta } from '../shared.types.ts';

export const ZListVersionsRequestSchema = z
  .object({ limit: z.number().int().min(1).max(200).default(50), beforeVersion: z.number().int().min(1).optional() })
  .default({ limit: 50 });
export const ZListVersionsResponseSchema = z.array(ZVersionMeta);

export type TListVersionsRequest = z.infer<typeof ZListVersionsRequestSchema>;
export type TListVersionsResponse = z.infer<typeof ZListVersionsResponseSchema>;
