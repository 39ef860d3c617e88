/**
 * Shard migrations (DESIGN §7): create, advance, roll back. Every transition is planned by
 * core's `planTransition` (guard rails), then in ONE transaction: a new config version
 * carrying `migrations[]` (mirrored into the draft, like failover), the Migration row, a
 * MigrationEvent and the audit entry. Rolling back restores the earlier phase's routing
 * because routing is a pure function of the published phase (core's routeKey).
 */
import { randomBytes } from 'node:crypto';
import {
  phaseTraits,
  planTransition,
  type LatestReconciliation,
  type TConfigSnapshot,
  type TMigration,
  type TransitionRequest,
} from '@switchyard/core';
import type { Migration } from '@switchyard/db/types';
import type { ApiDeps } from '../deps.ts';
import { ApiError, apiError } from '../errors.ts';
import type { DbTx } from '../db.ts';
import type { Actor } from '../roles.ts';
import type { TMigrationCreateRequest } from '../routers/migrations/create.types.ts';
import type { TMigrationAdvanceRequest } from '../routers/migrations/advance.types.ts';
import type { TReconRunView, TTransitionResponse } from '../routers/migrations/migration.types.ts';
import { writeAudit } from './audit-service.ts';
import { mirrorIntoDraft } from './draft-service.ts';
import { compensationOf } from './migration-control.ts';
import { relinkMirrors, withMigrationTopology } from './migration-topology.ts';
import { migrationView, percentOf } from './migration-views.ts';
import { announcePublished } from './publish-bus.ts';
import { latestSnapshot, publishVersion } from './publish-service.ts';
import { latestRuns } from './recon-service.ts';
import { checkRules, enforceRules } from './safety/safety-service.ts';
import type { RuleFacts } from './safety/evaluate.ts';

const withMigration = (s: TConfigSnapshot, m: TMigration): TConfigSnapshot => {
  const others = s.migrations.filter((o) => o.id !== m.id);
  const at = s.migrations.findIndex((o) => o.id === m.id);
  // Keep the position: validateSnapshot's overlap check reads earlier entries first.
  const migrations = at < 0 ? [...others, m] : s.migrations.map((o) => (o.id === m.id ? m : o));
  // DONE moves the code's home to the target (migration-topology.ts).
  return withMigrationTopology({ ...s, migrations }, m);
};

interface Persist {
  action: string;
  next: TMigration;
  fromPhase: TMigration['phase'] | null;
  reason: string;
  override: string | null;
  effects: string[];
  create?: { createdBy: string };
}

async function persistTransition(deps: ApiDeps, actor: Actor, p: Persist): Promise<TTransitionResponse> {
  const entry = { actor: actor.email, action: p.action, target: p.next.id, reason: p.reason };
  try {
    const result = await deps.db.$transaction(async (tx) => {
      const latest = await latestSnapshot(tx);
      const published = await publishVersion(tx, {
        snapshot: withMigration(latest.snapshot, p.next),
        author: actor.email,
        reason: p.reason,
        previousVersion: latest.version,
      });
      const draftRevision = await mirrorIntoDraft(tx, actor.email, (s) => withMigration(s, p.next));
      const row = await saveRow(tx, p);
      const percent = phaseTraits(p.next.phase).takesPercent !== null ? percentOf(p.next) : null;
      await tx.migrationEvent.create({
        data: {
          migrationId: p.next.id,
          actor: actor.email,
          fromPhase: p.fromPhase,
          toPhase: p.next.phase,
          percent,
          reason: p.reason,
          override: p.override,
          version: published.version,
          effects: p.effects,
        },
      });
      await writeAudit(tx, {
        ...entry,
        outcome: 'ok',
        before: { version: latest.version, phase: p.fromPhase },
        after: { version: published.version, phase: p.next.phase, percent, override: p.override, effects: p.effects },
      });
      return { migration: migrationView(row), version: published.version, draftRevision, effects: p.effects };
    });
    announcePublished(result.version);
    return result;
  } catch (error) {
    await auditFailure(deps, entry, error);
    throw error;
  }
}

async function saveRow(tx: DbTx, p: Persist): Promise<Migration> {
  const m = p.next;
  const fields = { phase: m.phase, grayReadPercent: m.grayReadPercent, stopDualWritePercent: m.stopDualWritePercent };
  if (!p.create) return tx.migration.update({ where: { id: m.id }, data: fields });
  return tx.migration.create({
    data: {
      id: m.id,
      name: m.name,
      code: m.code,
      from: m.from,
      to: m.to,
      scopeModulo: m.scope?.modulo ?? null,
      scopeRemainder: m.scope?.remainder ?? null,
      createdBy: p.create.createdBy,
      ...fields,
    },
  });
}

async function auditFailure(
  deps: ApiDeps,
  entry: { actor: string; action: string; target: string; reason: string },
  error: unknown,
): Promise<void> {
  const after =
    error instanceof ApiError
      ? { error: error.code, message: error.message, details: error.details }
      : { message: (error as Error).message };
  await writeAudit(deps.db, { ...entry, outcome: 'error', after });
}

const newId = (code: number): string => `mig-${code}-${randomBytes(4).toString('hex')}`;

export async function createMigration(
  deps: ApiDeps,
  actor: Actor,
  input: TMigrationCreateRequest,
): Promise<TTransitionResponse> {
  // The name is how people tell migrations apart (the ID is generated); two alike would be mixed up (issue 16 #7).
  const clash = await deps.db.migration.findFirst({ where: { name: input.name } });
  if (clash) {
    const error = apiError(
      'ALREADY_EXISTS',
      `a migration named '${input.name}' already exists (code ${clash.code}, ${clash.phase}); pick another name`,
    );
    await auditFailure(
      deps,
      { actor: actor.email, action: 'migrations.create', target: input.name, reason: input.reason },
      error,
    );
    throw error;
  }
  const next: TMigration = {
    id: newId(input.code),
    name: input.name,
    code: input.code,
    from: input.from,
    to: input.to,
    ...(input.scope ? { scope: input.scope } : {}),
    phase: 'DUAL_WRITE',
    grayReadPercent: 0,
    stopDualWritePercent: 0,
  };
  const effects = ['writes: old then new (dual-write); reads: old', 'next: BACKFILL copies existing keys'];
  return persistTransition(deps, actor, {
    action: 'migrations.create',
    next,
    fromPhase: null,
    reason: input.reason,
    override: null,
    effects,
    create: { createdBy: actor.email },
  });
}

/** The safety rules on a migration step's result (previewStep shows them; advance enforces them). */
/** `receivers`: the target's headroom after the step (preview only: the soft headroom rule never blocks an advance). */
export async function migrationRuleResults(
  deps: ApiDeps,
  snapshot: TConfigSnapshot,
  next: TMigration,
  facts: LatestReconciliation,
  receivers?: RuleFacts['receivers'],
) {
  const forward = facts.forward ? { unresolved: facts.forward.unresolved, finishedAt: facts.forward.finishedAt } : null;
  const after = { ...snapshot, migrations: snapshot.migrations.map((m) => (m.id === next.id ? next : m)) };
  return checkRules(deps.db, {
    after,
    now: new Date(),
    migration: { name: next.name, toPhase: next.phase, forward },
    ...(receivers ? { receivers } : {}),
  });
}

async function enforceMigrationRules(
  deps: ApiDeps,
  actor: Actor,
  snapshot: TConfigSnapshot,
  next: TMigration,
  facts: LatestReconciliation,
  breakGlassReason: string | undefined,
): Promise<void> {
  const results = await migrationRuleResults(deps, snapshot, next, facts);
  await enforceRules(deps.db, actor, results, {
    action: 'migrations.advance',
    target: `${next.id} → ${next.phase}`,
    breakGlassReason,
  });
}

/** Advance (rollback=false) or roll back (rollback=true) one migration. */
export async function transitionMigration(
  deps: ApiDeps,
  actor: Actor,
  input: TMigrationAdvanceRequest,
  rollback: boolean,
): Promise<TTransitionResponse> {
  const action = rollback ? 'migrations.rollback' : 'migrations.advance';
  const entry = { actor: actor.email, action, target: input.id, reason: input.reason };
  const { snapshot } = await latestSnapshot(deps.db);
  const current = snapshot.migrations.find((m) => m.id === input.id);
  if (!current) {
    const error = apiError('NOT_FOUND', `migration '${input.id}' is not in the published config`);
    await auditFailure(deps, entry, error);
    throw error;
  }
  const request = transitionRequest(input, rollback);
  const facts = await guardFacts(deps, snapshot, current);
  const plan = planTransition(current, request, facts);
  if (!plan.ok) {
    const error = apiError('MIGRATION_REFUSED', plan.message, { code: plan.code });
    await auditFailure(deps, entry, error);
    throw error;
  }
  try {
    // Rolling back returns reads and writes to the old side: never held up by the rules.
    if (!rollback) await enforceMigrationRules(deps, actor, snapshot, plan.next, facts, input.breakGlassReason);
  } catch (error) {
    await auditFailure(deps, entry, error);
    throw error;
  }
  let relinked: string[];
  try {
    relinked = await relinkMirrors(deps, snapshot, plan.next);
  } catch (error) {
    await auditFailure(deps, entry, error);
    throw error;
  }
  return persistTransition(deps, actor, {
    action,
    next: plan.next,
    fromPhase: current.phase,
    reason: input.reason,
    override: input.overrideReason ?? null,
    effects: [...plan.effects, ...relinked],
  });
}

export function transitionRequest(input: TMigrationAdvanceRequest, rollback: boolean): TransitionRequest {
  return {
    to: input.to,
    ...(input.percent !== undefined ? { percent: input.percent } : {}),
    ...(rollback && input.to !== 'ABORTED' ? { rollback: true } : {}),
    ...(input.overrideReason ? { override: { reason: input.overrideReason } } : {}),
    ...(input.confirm !== undefined ? { confirm: input.confirm } : {}),
  };
}

/**
 * What the guard rails read: the latest finished forward and reverse runs, when the current
 * phase began or its percentage last changed (the newest event: stricter than the phase
 * entry alone, since a run from before a percentage change compared under other routing; the
 * row's last update when there is no event), the maximum age, and queued compensation.
 */
export async function guardFacts(
  deps: ApiDeps,
  snapshot: TConfigSnapshot,
  current: TMigration,
): Promise<LatestReconciliation> {
  const [runs, comp, entered, row] = await Promise.all([
    latestRuns(deps.db, current.id),
    compensationOf(snapshot, current.id, deps.options.redisTimeoutMs),
    deps.db.migrationEvent.findFirst({ where: { migrationId: current.id }, orderBy: { at: 'desc' } }),
    deps.db.migration.findUnique({ where: { id: current.id } }),
  ]);
  const fact = (r: TReconRunView | null) =>
    r && r.finishedAt
      ? { unresolved: r.unresolved, startedAt: Date.parse(r.startedAt), finishedAt: Date.parse(r.finishedAt) }
      : null;
  const now = Date.now();
  return {
    forward: fact(runs.forward),
    reverse: fact(runs.reverse),
    phaseStartedAt: entered?.at.getTime() ?? row?.updatedAt.getTime() ?? now,
    now,
    maxAgeMs: deps.options.reconMaxAgeMs,
    ...(comp.reachable ? { pendingCompensation: comp.queued } : {}),
  };
}
