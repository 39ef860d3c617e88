/** `failover.preview`: impact of switching `from` to `to`: codes and sample keys that move, mirror health, interlocks. */
import { z } from 'zod';
import { ZRegionName } from '@switchyard/core';
import { ZRuleResult } from '../safety/rules.types.ts';
import { ZHomeFence, ZInterlock, ZMirrorStatus, ZWriteLogMirrorStatus } from './failover.types.ts';

export const ZFailoverPreviewRequestSchema = z.object({ from: ZRegionName, to: ZRegionName });
export const ZFailoverPreviewResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  basedOnVersion: z.number().int(),
  codes: z.array(
    z.object({
      code: z.number().int(),
      identity: z.string(),
      fromInstance: z.string(),
      toInstance: z.string().nullable(),
    }),
  ),
  keys: z.array(
    z.object({
      key: z.string(),
      keyType: z.string().nullable(),
      code: z.number().int().nullable(),
      before: z.string().nullable(),
      after: z.string().nullable(),
      moves: z.boolean(),
      reasons: z.array(z.string()),
    }),
  ),
  mirrors: z.array(ZMirrorStatus),
  homes: z.array(ZHomeFence),
  /** Write-log mirrors the switch would promote: lag, redo throughput, checker counts. */
  writeLog: z.array(ZWriteLogMirrorStatus),
  interlocks: z.array(ZInterlock),
  allowed: z.boolean(),
  overridable: z.boolean(),
  /** What moves, from the last minutes of heartbeats (issue 18). */
  impact: z.object({
    windowSec: z.number(),
    qps: z.object({
      total: z.number(),
      /** Per moving code: ops/s of its home instance (all codes on that instance), reads/writes split. */
      byCode: z.array(
        z.object({
          code: z.number().int(),
          identity: z.string(),
          instance: z.string(),
          qps: z.number(),
          reads: z.number().nullable(),
          writes: z.number().nullable(),
        }),
      ),
      /** Reads/writes per second on the moving homes; null when a bucket in the window lacks the split (older workers). */
      reads: z.number().nullable(),
      writes: z.number().nullable(),
      /** Each caller's reads/writes per second on the moving homes. */
      byCaller: z.array(z.object({ caller: z.string(), reads: z.number(), writes: z.number() })),
    }),
    memoryBytes: z.number().nullable(),
    hotKeys: z.array(
      z.object({ key: z.string(), qps: z.number(), code: z.number().int().nullable(), instance: z.string() }),
    ),
  }),
  /** Receiving instances: memory headroom from INFO, ops/s from heartbeats against `opsCapacity`. */
  instances: z.array(
    z.object({
      name: z.string(),
      reachable: z.boolean(),
      usedMemory: z.number().nullable(),
      maxMemory: z.number().nullable(),
      qpsNow: z.number(),
      qpsAfter: z.number(),
      opsCapacity: z.number().nullable(),
      headroom: z.object({ memoryFreePercent: z.number().nullable(), opsPercentAfter: z.number().nullable() }),
    }),
  ),
  /** Enabled safety rules evaluated on the result: `{name, ok, soft, message}`. */
  rules: z.array(ZRuleResult),
});

export type TFailoverPreviewRequest = z.infer<typeof ZFailoverPreviewRequestSchema>;
export type TFailoverPreviewResponse = z.infer<typeof ZFailoverPreviewResponseSchema>;
