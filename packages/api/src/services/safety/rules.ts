/**
 * Safety rules as data (issue 18): one fixed set of built-in rule kinds, each switched on or
 * off with its parameters. The newest SafetyRuleSet row holds them; no row = all off, so a
 * fresh install behaves as before until an admin turns rules on.
 */
import { z } from 'zod';

const ZSwitch = z.object({ enabled: z.boolean() });

export const ZSafetyRules = z.object({
  /** Every deployed code keeps exactly one writable, serving home. */
  singleHome: ZSwitch,
  /** The drop ratio of any one caller stays ≤ maxPercent. */
  callerDropMax: ZSwitch.extend({ maxPercent: z.number().min(0).max(100) }),
  /** At most `max` drop rules (caller and key) without an expiry. */
  permanentDrops: ZSwitch.extend({ max: z.number().int().min(0).max(10_000) }),
  /** No GRAY_READ / cutover step without a clean forward reconciliation younger than maxAgeHours. */
  reconFresh: ZSwitch.extend({ maxAgeHours: z.number().positive().max(24 * 365) }),
  /** No failover while a mirror of a moving code lags its home by more than maxLagBytes. */
  mirrorLag: ZSwitch.extend({ maxLagBytes: z.number().int().min(0) }),
  /** Soft: a receiving instance above maxMemoryPercent of its maxmemory is reported, not blocked. */
  headroom: ZSwitch.extend({ maxMemoryPercent: z.number().min(1).max(100) }),
});
export type TSafetyRules = z.infer<typeof ZSafetyRules>;
export type TRuleName = keyof TSafetyRules;

export const RULE_NAMES = ['singleHome', 'callerDropMax', 'permanentDrops', 'reconFresh', 'mirrorLag', 'headroom'] as const satisfies readonly TRuleName[];

/** Soft rules are reported in previews and results but never block a change. */
export const SOFT_RULES: ReadonlySet<TRuleName> = new Set<TRuleName>(['headroom']);

export const DEFAULT_RULES: TSafetyRules = {
  singleHome: { enabled: false },
  callerDropMax: { enabled: false, maxPercent: 50 },
  permanentDrops: { enabled: false, max: 3 },
  reconFresh: { enabled: false, maxAgeHours: 24 },
  mirrorLag: { enabled: false, maxLagBytes: 1_048_576 },
  headroom: { enabled: false, maxMemoryPercent: 85 },
};

export const RULE_TITLES: Record<TRuleName, string> = {
  singleHome: 'every deployed code keeps exactly one writable serving home',
  callerDropMax: 'a caller\'s drop ratio stays at or below the limit',
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
