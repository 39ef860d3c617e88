/**
 * Previews (issue 15 finding 6): nothing here writes. A create preview counts the keys in
 * scope on the source (bounded SCAN, extrapolated past the limit) and estimates the backfill
 * time; a step preview runs the same planTransition as the real step, with the facts the
 * gate will read, and says how routing changes for which share of the meetings.
 */
import { compileConfig, needsConfirmation, phaseTraits, planTransition, type TMigration } from '@switchyard/core';
import { countInScope, scopeFromConfig } from '@switchyard/migration';
import type { ApiDeps } from '../deps.ts';
import { apiError } from '../errors.ts';
import type {
  TPreviewCreateResponse,
  TPreviewStepResponse,
  TRoutingShares,
} from '../routers/migrations/preview.types.ts';
import type { z } from 'zod';
import type { ZPreviewCreateRequestSchema, ZPreviewStepRequestSchema } from '../routers/migrations/preview.types.ts';
import { withInstance } from './migration-control.ts';
import { guardFacts, migrationRuleResults, transitionRequest } from './migration-service.ts';
import { latestSnapshot } from './publish-service.ts';
import { receiverFact } from './safety/failover-facts.ts';
import { stepCapacity } from './safety/step-capacity.ts';

/** Refusals an override reason passes (the rest are not guard rails but wrong requests). */
const OVERRIDABLE = new Set([
  'RECON_MISSING',
  'RECON_STALE',
  'RECON_UNRESOLVED',
  'COMPENSATION_PENDING',
  'ABORT_LOSES_WRITES',
]);

export function routingShares(
  m: Pick<TMigration, 'phase' | 'grayReadPercent' | 'stopDualWritePercent'>,
): TRoutingShares {
  const { phase } = m;
  const t = phaseTraits(phase);
  const readsNewPercent = t.readsNew === 'grayRead' ? m.grayReadPercent : t.readsNew;
  const newOnlyPercent = t.newOnly === 'stopDualWrite' ? m.stopDualWritePercent : t.newOnly;
  return { phase, readsNewPercent, newOnlyPercent, writeOrder: t.writeOrder };
}

export async function previewStep(
  deps: ApiDeps,
  input: z.infer<typeof ZPreviewStepRequestSchema>,
): Promise<TPreviewStepResponse> {
  const { snapshot } = await latestSnapshot(deps.db);
  const current = snapshot.migrations.find((m) => m.id === input.id);
  if (!current) throw apiError('NOT_FOUND', `migration '${input.id}' is not in the published config`);
  const facts = await guardFacts(deps, snapshot, current);
  // The typed name is the form's job: preview the step as if it were typed.
  const request = transitionRequest({ ...input, reason: 'preview', confirm: current.name }, input.rollback);
  let plan = planTransition(current, request, facts);
  let refusal: { code: string; message: string } | null = null;
  if (!plan.ok) {
    refusal = { code: plan.code, message: plan.message };
    if (OVERRIDABLE.has(plan.code))
      plan = planTransition(current, { ...request, override: { reason: 'preview' } }, facts);
  }
  const before = routingShares(current);
  const after = plan.ok ? routingShares(plan.next) : null;
  const capacity = await stepCapacity(
    deps.db,
    snapshot,
    current,
    before.readsNewPercent,
    after?.readsNewPercent ?? before.readsNewPercent,
    deps.options.redisTimeoutMs,
  );
  const iso = (ms: number): string => new Date(ms).toISOString();
  const fact = (f: typeof facts.forward) =>
    f ? { unresolved: f.unresolved, startedAt: iso(f.startedAt), finishedAt: iso(f.finishedAt) } : null;
  return {
    ok: refusal === null,
    code: refusal?.code ?? null,
    message: refusal?.message ?? null,
    overridable: refusal !== null && OVERRIDABLE.has(refusal.code),
    confirmName: needsConfirmation(input.to) ? current.name : null,
    effects: plan.ok ? plan.effects.filter((e) => !e.startsWith('audit: override')) : [],
    before,
    after,
    capacity,
    gate: {
      forward: fact(facts.forward),
      reverse: fact(facts.reverse),
      stepStartedAt: iso(facts.phaseStartedAt),
      maxAgeMs: facts.maxAgeMs,
    },
    // Rolling back is never held up by the safety rules, so only a forward step lists them.
    rules:
      plan.ok && !input.rollback
        ? await migrationRuleResults(deps, snapshot, plan.next, facts, [receiverFact(capacity.receiver)])
        : [],
  };
}

export async function previewCreate(
  deps: ApiDeps,
  input: z.infer<typeof ZPreviewCreateRequestSchema>,
): Promise<TPreviewCreateResponse> {
  if (input.scope && input.scope.remainder >= input.scope.modulo)
    throw apiError('SCOPE_INVALID', `r = ${input.scope.remainder} must be below M = ${input.scope.modulo}`);
  const { snapshot } = await latestSnapshot(deps.db);
  const cfg = compileConfig(snapshot);
  const source = cfg.instances.get(input.from);
  if (!source) throw apiError('NOT_FOUND', `no instance '${input.from}' in the published config`);
  const m: TMigration = {
    id: 'preview',
    name: 'preview',
    code: input.code,
    from: input.from,
    to: input.to,
    ...(input.scope ? { scope: input.scope } : {}),
    phase: 'DUAL_WRITE',
    grayReadPercent: 0,
    stopDualWritePercent: 0,
  };
  const sharePercent = input.scope ? 100 / input.scope.modulo : 100;
  const scope = input.scope
    ? `code ${input.code} where mid % ${input.scope.modulo} == ${input.scope.remainder} (1/${input.scope.modulo} of its meetings)`
    : `all of code ${input.code}`;
  let keys: TPreviewCreateResponse['keys'] = null;
  let keysError: string | null = null;
  try {
    keys = await withInstance(source, deps.options.redisTimeoutMs, (client) =>
      countInScope(client, scopeFromConfig(cfg, m), deps.options.previewScanLimit),
    );
  } catch (err) {
    keysError = `${input.from} did not answer: ${err instanceof Error ? err.message : String(err)}`;
  }
  const rate = deps.options.backfillKeysPerSecond;
  return {
    scope,
    sharePercent,
    keys,
    keysError,
    backfillKeysPerSecond: rate,
    backfillSeconds: keys ? Math.ceil((keys.estimate / rate) * 10) / 10 : null,
    effects: [
      `writes: old then new (dual-write) for ${scope}; reads stay on ${input.from}`,
      `${input.to} receives every write from now on; BACKFILL then copies the existing keys`,
    ],
  };
}
