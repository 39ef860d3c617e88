/**
 * Safety rules as data (issue 18): one fixed set of built-in rule kinds, each switched on or
 * off with its parameters. The newest SafetyRuleSet row holds them; no row = all off, so a
 * fresh install behaves as before until an admin turns rules on.
 */
import { z } from 'zod';

const ZSwitch = z.object({ enabled: z.boolean() });

/** Which changes need a second person's approval (two-person rule), and how long a request waits. */
export const ZApprovals = z.object({
  failover: z.boolean(),
  failback: z.boolean(),
  stopDualWrite: z.boolean(),
  done: z.boolean(),
  rollback: z.boolean(),
  /** A drop rule above this percentage needs approval; null = never. */
  dropAbovePercent: z.number().min(0).max(100).nullable(),
  expiresInMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
});
export type TApprovals = z.infer<typeof ZApprovals>;

export const DEFAULT_APPROVALS: TApprovals = {
  failover: false,
  failback: false,
  stopDualWrite: false,
  done: false,
  rollback: false,
  dropAbovePercent: null,
  expiresInMinutes: 60,
};

const ZRuleKinds = z.object({
  /** Every deployed code keeps exactly one writable, serving home. */
  singleHome: ZSwitch,
  /** The drop ratio of any one caller stays ≤ maxPercent. */
  callerDropMax: ZSwitch.extend({ maxPercent: z.number().min(0).max(100) }),
  /** At most `max` drop rules (caller and key) without an expiry. */
  permanentDrops: ZSwitch.extend({ max: z.number().int().min(0).max(10_000) }),
  /** No GRAY_READ / cutover step without a clean forward reconciliation younger than maxAgeHours. */
  reconFresh: ZSwitch.extend({
    maxAgeHours: z
      .number()
      .positive()
      .max(24 * 365),
  }),
  /** No failover while a mirror of a moving code lags its home by more than maxLagBytes. */
  mirrorLag: ZSwitch.extend({ maxLagBytes: z.number().int().min(0) }),
  /**
   * Soft: a receiving instance above maxMemoryPercent of its maxmemory, or whose ops/s after the
   * move exceed maxOpsPercent of its `opsCapacity`, is reported, not blocked.
   */
  headroom: ZSwitch.extend({
    maxMemoryPercent: z.number().min(1).max(100),
    maxOpsPercent: z.number().min(1).max(1000).default(80),
  }),
});
export type TRuleName = keyof z.infer<typeof ZRuleKinds>;

/** Rows saved before approvals existed read as "no approvals needed". */
export const ZSafetyRules = ZRuleKinds.extend({ approvals: ZApprovals.default(DEFAULT_APPROVALS) });
export type TSafetyRules = z.infer<typeof ZSafetyRules>;

export const RULE_NAMES = [
  'singleHome',
  'callerDropMax',
  'permanentDrops',
  'reconFresh',
  'mirrorLag',
  'headroom',
] as const satisfies readonly TRuleName[];

/** Soft rules are reported in previews and results but never block a change. */
export const SOFT_RULES: ReadonlySet<TRuleName> = new Set<TRuleName>(['headroom']);

export const DEFAULT_RULES: TSafetyRules = {
  singleHome: { enabled: false },
  callerDropMax: { enabled: false, maxPercent: 50 },
  permanentDrops: { enabled: false, max: 3 },
  reconFresh: { enabled: false, maxAgeHours: 24 },
  mirrorLag: { enabled: false, maxLagBytes: 1_048_576 },
  headroom: { enabled: false, maxMemoryPercent: 85, maxOpsPercent: 80 },
  approvals: DEFAULT_APPROVALS,
};

export const RULE_TITLES: Record<TRuleName, string> = {
  singleHome: 'every deployed code keeps exactly one writable serving home',
  callerDropMax: "a caller's drop ratio stays at or below the limit",
  permanentDrops: 'at most K drop rules without expiry',
  reconFresh: 'no gray read or cutover step without a recent clean reconciliation',
  mirrorLag: 'no failover while a mirror lags above the limit',
  headroom: 'receiving instances keep memory headroom (soft)',
};

export const ZRuleResult = z.object({
  name: z.string(),
  ok: z.boolean(),
  /** Soft breaches are shown, never block. */
  soft: z.boolean(),
  message: z.string(),
});
export type TRuleResult = z.infer<typeof ZRuleResult>;
