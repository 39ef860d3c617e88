/**
 * The pure rule evaluator: what a change would leave behind (the snapshot after it, plus the
 * facts probed for it) against the rule set. Each rule reads only the facts it needs, so a
 * new fact (e.g. write-log mirror lag) is one more optional field and one more check.
 */
import type { TConfigSnapshot } from '@switchyard/core';
import {
  RULE_NAMES,
  SOFT_RULES,
  type TRuleName,
  type TRuleResult,
  type TSafetyRules,
} from '../../routers/safety/rules.types.ts';

export interface RuleFacts {
  /** The config as it would be published by the change. */
  after: TConfigSnapshot;
  now: Date;
  /**
   * Failover: lag of each mirror that would take over (null = unknown). A write-log mirror
   * (docs/MIRROR-MODES.md) is no Redis replica, so its lag is the log's: entries and seconds not
   * yet redone, against the config's `writeLog` limits.
   */
  mirrors?: {
    instance: string;
    lagBytes: number | null;
    writeLog?: { entries: number | null; seconds: number | null; maxEntries: number; maxSeconds: number };
  }[];
  /** Failover: memory of each receiving instance (null when unreachable or unlimited). */
  receivers?: {
    instance: string;
    usedMemory: number | null;
    maxMemory: number | null;
    opsAfter?: number | undefined;
    opsCapacity?: number | undefined;
  }[];
  /** Migration step: the phase it enters and the newest finished forward reconciliation. */
  migration?: { name: string; toPhase: string; forward: { unresolved: number; finishedAt: number } | null };
}

type Check = (rules: TSafetyRules, facts: RuleFacts) => string | null | undefined;

const pct = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

function singleHome(_: TSafetyRules, { after }: RuleFacts): string | null {
  const names = new Set(after.instances.map((i) => i.name));
  const bad = after.deployedCodes.flatMap((code) => {
    const def = after.codes.find((c) => c.code === code);
    if (!def) return [`code ${code} is not defined`];
    const overrides = after.failover.filter((o) => o.from === def.homeRegion);
    if (overrides.length > 1) return [`code ${code} has ${overrides.length} failover targets`];
    const serving = overrides[0]?.to ?? def.homeRegion;
    const instance = def.instances[serving];
    if (!instance || !names.has(instance)) return [`code ${code} has no instance in its serving region ${serving}`];
    return [];
  });
  return bad.length > 0 ? bad.join('; ') : null;
}

function callerDropMax(rules: TSafetyRules, { after }: RuleFacts): string | null {
  const limit = rules.callerDropMax.maxPercent / 100;
  const over = after.degradation.callers.filter((r) => r.ratio > limit);
  return over.length > 0
    ? over.map((r) => `caller ${r.caller} drops ${pct(r.ratio)} (limit ${rules.callerDropMax.maxPercent}%)`).join('; ')
    : null;
}

function permanentDrops(rules: TSafetyRules, { after }: RuleFacts): string | null {
  const forever = [...after.degradation.callers, ...after.degradation.keys].filter((r) => !r.expiresAt).length;
  return forever > rules.permanentDrops.max
    ? `${forever} drop rules have no expiry (limit ${rules.permanentDrops.max}); give them an expiry`
    : null;
}

/** Phases that start serving reads from the target or stop writing the old side. */
const RECON_PHASES = new Set(['GRAY_READ', 'WRITE_ORDER_SWITCH', 'STOP_DUAL_WRITE', 'DONE']);

function reconFresh(rules: TSafetyRules, { migration, now }: RuleFacts): string | null | undefined {
  if (!migration || !RECON_PHASES.has(migration.toPhase)) return undefined;
  const run = migration.forward;
  const maxMs = rules.reconFresh.maxAgeHours * 3_600_000;
  if (!run) return `${migration.name}: no finished reconciliation; run one before ${migration.toPhase}`;
  if (run.unresolved > 0)
    return `${migration.name}: the latest reconciliation has ${run.unresolved} unresolved difference(s)`;
  if (now.getTime() - run.finishedAt > maxMs)
    return `${migration.name}: the latest clean reconciliation is older than ${rules.reconFresh.maxAgeHours} h; run it again`;
  return null;
}

type TMirrorFact = NonNullable<RuleFacts['mirrors']>[number];

/** Why one mirror lags too far (unknown lag fails closed), or null. */
function mirrorBreach(m: TMirrorFact, limitBytes: number): string | null {
  const w = m.writeLog;
  if (w === undefined) {
    return m.lagBytes === null || m.lagBytes > limitBytes
      ? `${m.instance} lags ${m.lagBytes ?? 'an unknown number of'} bytes (limit ${limitBytes})`
      : null;
  }
  if (w.entries === null || w.seconds === null)
    return `write-log mirror ${m.instance}: its log lag is unknown (control instance unreachable)`;
  if (w.entries > w.maxEntries || w.seconds > w.maxSeconds)
    return `write-log mirror ${m.instance} lags ${w.entries} entries / ${Math.round(w.seconds * 10) / 10} s (limit ${w.maxEntries} entries / ${w.maxSeconds} s)`;
  return null;
}

function mirrorLag(rules: TSafetyRules, { mirrors }: RuleFacts): string | null | undefined {
  if (!mirrors) return undefined;
  const bad = mirrors.flatMap((m) => mirrorBreach(m, rules.mirrorLag.maxLagBytes) ?? []);
  return bad.length > 0 ? bad.join('; ') : null;
}

function headroom(rules: TSafetyRules, { receivers }: RuleFacts): string | null | undefined {
  if (!receivers) return undefined;
  const { maxMemoryPercent, maxOpsPercent } = rules.headroom;
  const bad = receivers.flatMap((r) => {
    const out: string[] = [];
    if (
      r.usedMemory !== null &&
      r.maxMemory !== null &&
      r.maxMemory > 0 &&
      (r.usedMemory / r.maxMemory) * 100 > maxMemoryPercent
    ) {
      out.push(`${r.instance} uses ${pct(r.usedMemory / r.maxMemory)} of maxmemory (limit ${maxMemoryPercent}%)`);
    }
    if (r.opsAfter !== undefined && r.opsCapacity !== undefined && (r.opsAfter / r.opsCapacity) * 100 > maxOpsPercent) {
      out.push(
        `${r.instance} would serve ${Math.round(r.opsAfter)} ops/s, ${pct(r.opsAfter / r.opsCapacity)} of its capacity ${r.opsCapacity} (limit ${maxOpsPercent}%)`,
      );
    }
    return out;
  });
  return bad.length > 0 ? bad.join('; ') : null;
}

const CHECKS: Record<TRuleName, Check> = { singleHome, callerDropMax, permanentDrops, reconFresh, mirrorLag, headroom };

/** One result per enabled rule that applies to this change (a rule whose facts are absent is left out). */
export function evaluateRules(rules: TSafetyRules, facts: RuleFacts): TRuleResult[] {
  return RULE_NAMES.flatMap((name) => {
    if (!rules[name].enabled) return [];
    const breach = CHECKS[name](rules, facts);
    if (breach === undefined) return [];
    return [{ name, ok: breach === null, soft: SOFT_RULES.has(name), message: breach ?? 'ok' }];
  });
}

/** The results that block the change: hard rules that failed. */
export const blockingResults = (results: readonly TRuleResult[]): TRuleResult[] =>
  results.filter((r) => !r.ok && !r.soft);
