/**
 * The rule set (versioned like ConfigVersion, every edit audited) and enforcement: a change
 * with a breached hard rule is refused unless an admin overrides it with a reason; the
 * override is its own audit entry (`safety.breakGlass`) and shows on the Overview.
 */
import { apiError } from '../../errors.ts';
import { toDbJson, type Db, type DbTx } from '../../db.ts';
import type { Actor } from '../../roles.ts';
import { writeAudit } from '../audit-service.ts';
import { notifyBreakGlass } from '../notify/notify.ts';
import { diffJson } from '../json-diff.ts';
import { blockingResults, evaluateRules, type RuleFacts } from './evaluate.ts';
import { DEFAULT_RULES, ZSafetyRules, type TRuleResult, type TSafetyRules } from '../../routers/safety/rules.types.ts';

export const BREAK_GLASS_ACTION = 'safety.breakGlass';

export interface TRuleSetView {
  version: number;
  rules: TSafetyRules;
  author: string | null;
  reason: string | null;
  createdAt: string | null;
}

/** The rules of the newest rule set's stored JSON; null (none saved yet): all rules off. */
export const rulesOf = (json: unknown): TSafetyRules => (json === null ? DEFAULT_RULES : ZSafetyRules.parse(json));

/** The newest rule set; version 0 (all rules off) before an admin saved one. */
export async function currentRules(db: Db | DbTx): Promise<TRuleSetView> {
  const row = await db.safetyRuleSet.findFirst({ orderBy: { version: 'desc' } });
  if (!row) return { version: 0, rules: DEFAULT_RULES, author: null, reason: null, createdAt: null };
  return {
    version: row.version,
    rules: rulesOf(row.rules),
    author: row.author,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function ruleHistory(db: Db, limit: number): Promise<TRuleSetView[]> {
  const rows = await db.safetyRuleSet.findMany({ orderBy: { version: 'desc' }, take: limit });
  return rows.map((row) => ({
    version: row.version,
    rules: ZSafetyRules.parse(row.rules),
    author: row.author,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
  }));
}

export async function saveRules(
  db: Db,
  actor: Actor,
  input: { rules: TSafetyRules; reason: string; expectedVersion: number },
): Promise<TRuleSetView> {
  const entry = { actor: actor.email, action: 'safety.set', target: 'safety rules', reason: input.reason };
  try {
    return await db.$transaction(async (tx) => {
      const current = await currentRules(tx);
      if (current.version !== input.expectedVersion) {
        throw apiError(
          'SAFETY_RULES_STALE',
          `the rules are at version ${current.version}, not ${input.expectedVersion}; reload them and edit again`,
        );
      }
      const row = await tx.safetyRuleSet.create({
        data: {
          version: current.version + 1,
          rules: toDbJson(input.rules) ?? {},
          author: actor.email,
          reason: input.reason,
        },
      });
      await writeAudit(tx, {
        ...entry,
        before: { version: current.version },
        after: { version: row.version, changes: diffJson(current.rules, input.rules) },
        outcome: 'ok',
      });
      return {
        version: row.version,
        rules: input.rules,
        author: row.author,
        reason: row.reason,
        createdAt: row.createdAt.toISOString(),
      };
    });
  } catch (error) {
    // A unique-key clash means another admin saved at the same moment.
    const stale = (error as { code?: unknown }).code === 'P2002' ? apiError('SAFETY_RULES_STALE') : error;
    await writeAudit(db, { ...entry, outcome: 'error', after: { message: (stale as Error).message } });
    throw stale;
  }
}

export interface Enforcement {
  action: string;
  target: string;
  /** An admin's reason to apply the change despite breached rules. */
  breakGlassReason?: string | undefined;
}

/** Evaluates the current rules on the change's facts (inside the change's transaction when given one). */
export async function checkRules(db: Db | DbTx, facts: RuleFacts): Promise<TRuleResult[]> {
  const { rules } = await currentRules(db);
  return evaluateRules(rules, facts);
}

export const breachMessage = (blocking: readonly TRuleResult[]): string =>
  `safety rule(s) refused this change: ${blocking.map((r) => `${r.name}: ${r.message}`).join('; ')}. Fix the cause, or an admin may override with a break-glass reason`;

/**
 * Throws SAFETY_RULE_BREACH when a hard rule fails and nobody broke the glass; an admin's
 * override is written as a `safety.breakGlass` audit entry (in `db`, so with the change).
 */
export async function enforceRules(
  db: Db | DbTx,
  actor: Actor,
  results: readonly TRuleResult[],
  change: Enforcement,
): Promise<TRuleResult[]> {
  const blocking = blockingResults(results);
  if (blocking.length === 0) return [...results];
  if (!change.breakGlassReason) throw apiError('SAFETY_RULE_BREACH', breachMessage(blocking), blocking);
  if (actor.role !== 'admin')
    throw apiError(
      'BREAK_GLASS_ADMIN_ONLY',
      `role '${actor.role}' may not override safety rules (${blocking.map((r) => r.name).join(', ')}); ask an admin`,
      blocking,
    );
  await writeAudit(db, {
    actor: actor.email,
    action: BREAK_GLASS_ACTION,
    target: `${change.action} ${change.target}`,
    reason: change.breakGlassReason,
    after: { action: change.action, target: change.target, overridden: blocking },
    outcome: 'ok',
  });
  await notifyBreakGlass(db, {
    actor: actor.email,
    action: change.action,
    target: change.target,
    reason: change.breakGlassReason,
    rules: blocking.map((r) => r.name),
  });
  return [...results];
}

export interface TBreakGlassView {
  at: string;
  actor: string;
  target: string;
  reason: string;
  rules: string[];
}

/** Overrides in the last `hours`, newest first: the Overview shows them in red. */
export async function recentBreakGlass(db: Db, hours: number, now = new Date()): Promise<TBreakGlassView[]> {
  const rows = await db.auditEntry.findMany({
    where: { action: BREAK_GLASS_ACTION, at: { gte: new Date(now.getTime() - hours * 3_600_000) } },
    orderBy: { at: 'desc' },
    take: 20,
  });
  return rows.map((row) => {
    const overridden = (row.after as { overridden?: { name?: unknown }[] } | null)?.overridden ?? [];
    return {
      at: row.at.toISOString(),
      actor: row.actor,
      target: row.target,
      reason: row.reason ?? '',
      rules: overridden.map((r) => String(r.name)),
    };
  });
}
