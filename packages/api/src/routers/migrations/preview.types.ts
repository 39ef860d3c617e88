/**
 * Previews before a migration changes anything (issue 15): `migrations.previewCreate` (scope,
 * key count on the source, estimated backfill time) and `migrations.previewStep` (what reads
 * and writes change, for which share of the meetings in scope, and whether the step passes
 * its gate, needs an override or a typed confirmation).
 */
import { z } from 'zod';
import { ZRuleResult } from '../safety/rules.types.ts';
import { ZMigrationPhase, ZName } from '@switchyard/core';
import { ZMigrationId, ZMigrationScope } from './migration.types.ts';

export const ZPreviewCreateRequestSchema = z.object({
  code: z.number().int().min(0),
  from: ZName,
  to: ZName,
  scope: ZMigrationScope.optional(),
});
export const ZPreviewCreateResponseSchema = z.object({
  /** "code 1 where mid % 4 == 2 (1/4 of its meetings)" or "all of code 1". */
  scope: z.string(),
  /** Share of the code's meetings that move, in % (100 / M with a scope). */
  sharePercent: z.number(),
  keys: z
    .object({
      scanned: z.number().int(),
      inScope: z.number().int(),
      sourceKeys: z.number().int(),
      estimate: z.number().int(),
      exact: z.boolean(),
    })
    .nullable(),
  /** Why `keys` is null (the source did not answer). */
  keysError: z.string().nullable(),
  backfillKeysPerSecond: z.number(),
  /** estimate / rate, in seconds; null without a count. */
  backfillSeconds: z.number().nullable(),
  effects: z.array(z.string()),
});
export type TPreviewCreateResponse = z.infer<typeof ZPreviewCreateResponseSchema>;

export const ZPreviewStepRequestSchema = ZMigrationId.extend({
  to: ZMigrationPhase,
  percent: z.number({ error: 'percent must be a number between 0 and 100' }).min(0).max(100).optional(),
  rollback: z.boolean().default(false),
});

export const ZRoutingShares = z.object({
  phase: z.string(),
  /** % of the meetings in scope that read the new instance. */
  readsNewPercent: z.number(),
  /** % that write the new instance only (dual-write stopped). */
  newOnlyPercent: z.number(),
  /** Order of the dual writes for the rest. */
  writeOrder: z.enum(['old then new', 'new then old', 'old only']),
});
export type TRoutingShares = z.infer<typeof ZRoutingShares>;

const ZRunFact = z.object({ unresolved: z.number().int(), startedAt: z.string(), finishedAt: z.string() }).nullable();

export const ZPreviewStepResponseSchema = z.object({
  ok: z.boolean(),
  /** The refusal (state machine code and message) when !ok. */
  code: z.string().nullable(),
  message: z.string().nullable(),
  /** The refusal can be passed with an override reason (audited). */
  overridable: z.boolean(),
  /** The name to type when the step needs a confirmation, else null. */
  confirmName: z.string().nullable(),
  effects: z.array(z.string()),
  before: ZRoutingShares,
  after: ZRoutingShares.nullable(),
  gate: z.object({ forward: ZRunFact, reverse: ZRunFact, stepStartedAt: z.string(), maxAgeMs: z.number() }),
  /**
   * What the step moves onto the target (issue 18), from the last 5 min of heartbeats: reads/s
   * (source instance's reads × scope share × change in the share reading new; writes already
   * reach the target from DUAL_WRITE on), the dataset in scope, and the target's headroom.
   */
  capacity: z.object({
    windowSec: z.number(),
    source: z.string(),
    target: z.string(),
    sharePercent: z.number(),
    sourceQps: z.number(),
    sourceReadsQps: z.number().nullable(),
    readsToTargetQps: z.number(),
    memoryBytes: z.number().nullable(),
    receiver: z.object({
      name: z.string(),
      reachable: z.boolean(),
      usedMemory: z.number().nullable(),
      maxMemory: z.number().nullable(),
      qpsNow: z.number(),
      qpsAfter: z.number(),
      opsCapacity: z.number().nullable(),
      headroom: z.object({ memoryFreePercent: z.number().nullable(), opsPercentAfter: z.number().nullable() }),
    }),
  }),
  /** Enabled safety rules on the step's result (issue 18); a failed hard rule needs an admin's break-glass reason. */
  rules: z.array(ZRuleResult),
});
export type TPreviewStepResponse = z.infer<typeof ZPreviewStepResponseSchema>;
