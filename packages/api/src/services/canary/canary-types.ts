/** Canary publish (issue 18): what a publish asks for and what the watcher compares. */
import { z } from 'zod';

export const ZCanaryThresholds = z.object({
  /** Canary error rate may exceed the rest of the fleet's by at most this (absolute, 0..1). */
  maxErrorRateDelta: z.number().min(0).max(1).default(0.02),
  /** Canary p99 may be at most this many times the rest's (and at least 5 ms above it). */
  maxP99Ratio: z.number().min(1).max(100).default(2),
  /** Canary drop rate may exceed the rest's by at most this (absolute, 0..1). */
  maxDropRateDelta: z.number().min(0).max(1).default(0.02),
  /** Fewer canary requests than this decide nothing (too little traffic to judge). */
  minRequests: z.number().int().min(1).default(20),
});
export type TCanaryThresholds = z.infer<typeof ZCanaryThresholds>;

export const ZCanaryRequest = z.object({
  /** How long the canaries are watched before the version goes to the whole fleet. */
  watchSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600),
  thresholds: ZCanaryThresholds.default({
    maxErrorRateDelta: 0.02,
    maxP99Ratio: 2,
    maxDropRateDelta: 0.02,
    minRequests: 20,
  }),
});
export type TCanaryRequest = z.infer<typeof ZCanaryRequest>;

export const ZCanaryView = z.object({
  version: z.number().int(),
  stableVersion: z.number().int(),
  workers: z.array(z.string()),
  state: z.enum(['watching', 'promoted', 'reverted', 'superseded']),
  actor: z.string(),
  startedAt: z.string(),
  watchUntil: z.string(),
  verdict: z.string().nullable(),
  revertVersion: z.number().int().nullable(),
  decidedAt: z.string().nullable(),
});
export type TCanaryView = z.infer<typeof ZCanaryView>;
