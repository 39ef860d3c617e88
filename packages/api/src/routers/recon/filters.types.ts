/** `recon.filters.*`: named, audited rules that accept known classes of reconciliation differences. */
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';

const WHY = ['AHEAD_OF_TRUTH', 'CONFLICT', 'UNSUPPORTED_TYPE', 'REPAIR_OFF', 'TRUNCATED', 'ERROR'] as const;
const opt = (max: number) => z.string().trim().min(1).max(max).optional();

export const ZReconFilterCreate = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only'),
    /** Omit for every migration. */
    migrationId: opt(100),
    keyType: opt(100),
    /** Glob over the key: * and ?. */
    keyPattern: opt(500),
    /** A hash field (or any text) the difference must mention. */
    field: opt(200),
    why: z.enum(WHY).optional(),
    reason: ZReason,
  })
  .refine(
    (f) => f.keyType !== undefined || f.keyPattern !== undefined || f.field !== undefined || f.why !== undefined,
    {
      message: 'a filter needs at least one of keyType, keyPattern, field, why',
      path: ['keyType'],
    },
  );
export type TReconFilterCreate = z.infer<typeof ZReconFilterCreate>;

export const ZReconFilterView = z.object({
  id: z.string(),
  name: z.string(),
  migrationId: z.string().nullable(),
  keyType: z.string().nullable(),
  keyPattern: z.string().nullable(),
  field: z.string().nullable(),
  why: z.string().nullable(),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TReconFilterView = z.infer<typeof ZReconFilterView>;

export const ZReconFilterListRequest = z.object({ migrationId: z.string().min(1).max(100).optional() }).default({});
export const ZReconFilterListResponse = z.object({ filters: z.array(ZReconFilterView) });
export const ZReconFilterRemove = z.object({ name: z.string().min(1).max(100), reason: ZReason });
