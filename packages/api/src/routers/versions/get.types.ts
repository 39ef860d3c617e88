/** `versions.get`: one published version with its snapshot. */
import { z } from 'zod';
import { ZSnapshot, ZVersionMeta } from '../shared.types.ts';

export const ZGetVersionRequestSchema = z.object({ version: z.number().int().min(1) });
export const ZGetVersionResponseSchema = ZVersionMeta.extend({ snapshot: ZSnapshot });

export type TGetVersionRequest = z.infer<typeof ZGetVersionRequestSchema>;
export type TGetVersionResponse = z.infer<typeof ZGetVersionResponseSchema>;
