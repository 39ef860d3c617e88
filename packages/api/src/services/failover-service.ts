/** Region failover: status, impact preview with interlocks, and the switch itself. */
import type { TConfigSnapshot } from '@switchyard/core';
import type { z } from 'zod';
import type { ZHomeFence } from '../routers/failover/failover.types.ts';
import { ApiError, apiError } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { keyMoves, type TKeyMove } from './failover-impact.ts';
import { writeLogInterlocks, writeLogStatuses, type TWriteLogMirrorStatus } from './write-log-service.ts';
import {
  affectedCodes,
  interlocks,
  mirrorStatus,
  withOverride,
  type TInterlock,
  type TMirrorStatus,
} from './failover-plan.ts';
import { latestSnapshot, latestVersion } from './publish-service.ts';
import { probeReplication } from './redis-admin.ts';
import { failoverFacts, receiverHeadroom, type TReceiverHeadroom } from './safety/failover-facts.ts';
import type { TRuleResult } from '../routers/safety/rules.types.ts';
import { receiverOps, trafficImpact, type TTrafficImpact } from './safety/traffic-impact.ts';
import { checkRules, enforceRules } from './safety/safety-service.ts';
import type { TWorkflowView } from '../routers/failover/workflow.types.ts';
import { failoverPlan } from './workflow/plan.ts';
import { driveWorkflow } from './workflow/runner.ts';
import { createWorkflow, recentWorkflows, unfinishedWorkflows } from './workflow/store.ts';
import { workflowSummary, workflowView } from './workflow/view.ts';

async function mirrorsOf(
  snapshot: TConfigSnapshot,
  from: string,
  to: string | null,
  timeoutMs: number,
): Promise<TMirrorStatus[]> {
  const regions = to ? [to] : snapshot.regions.map((r) => r.name).filter((r) => r !== from);
  const probes = regions.flatMap((region) =>
    affectedCodes(snapshot, from, region).flatMap((c) =>
      c.mirror ? [mirrorStatus(c, c.mirror, timeoutMs, snapshot.instances)] : [],
    ),
  );
  return Promise.all(probes);
}

export type THomeFence = z.infer<typeof ZHomeFence>;

/** The old homes of `from` against their mirrors in `to`: fenced (replicating the mirror) or still writable. */
async function homeFences(
  snapshot: TConfigSnapshot,
  from: string,
  to: string,
  timeoutMs: number,
  failedOver: boolean,
): Promise<THomeFence[]> {
  const pairs = uniquePairs(
    affectedCodes(snapshot, from, to).flatMap((c) =>
      c.mirror ? [{ home: c.home.name, mirror: c.mirror.name, h: c.home, m: c.mirror }] : [],
    ),
  );
  return Promise.all(
    pairs.map(async (p) => {
      const probe = await probeReplication(p.h, timeoutMs);
      const fenced = probe.role === 'slave' && p.m.addresses.some((a) => a.port === probe.masterPort);
      const state = !probe.reachable
        ? 'unreachable'
        : fenced
          ? 'fenced'
          : probe.role === 'master'
            ? 'writable'
            : 'other';
      const plan = failedOver
        ? state === 'fenced'
          ? `fenced: replicates ${p.mirror}, refuses application writes`
          : state === 'unreachable'
            ? `UNFENCED and unreachable: the console fences it (replica of ${p.mirror}) once it answers`
            : `UNFENCED: ${p.home} still accepts writes that no route reads`
        : state === 'unreachable'
          ? `unreachable: recorded as unfenced; the console makes it a replica of ${p.mirror} as soon as it answers`
          : `becomes a replica of ${p.mirror} after the promotion: read-only, so direct writers get READONLY`;
      return { home: p.home, mirror: p.mirror, reachable: probe.reachable, state, plan };
    }),
  );
}

export async function failoverStatus(deps: ApiDeps) {
  const { version, snapshot } = await latestSnapshot(deps.db);
  const regions = await Promise.all(
    snapshot.regions.map(async (r) => {
      const override = snapshot.failover.find((o) => o.from === r.name) ?? null;
      const mirrors = await mirrorsOf(snapshot, r.name, override?.to ?? null, deps.options.redisTimeoutMs);
      const homes = override ? await homeFences(snapshot, r.name, override.to, deps.options.redisTimeoutMs, true) : [];
      return {
        region: r.name,
        label: r.label ?? null,
        override: override && { to: override.to, reason: override.reason ?? null, since: override.since ?? null },
        mirrors,
        homes,
      };
    }),
  );
  const workflows = (await recentWorkflows(deps.db, 5)).map(workflowView);
  const unfinished = (await unfinishedWorkflows(deps.db)).map(workflowView);
  return { version, regions, unfinished, recent: workflows };
}

export interface TFailoverPreview {
  from: string;
  to: string;
  basedOnVersion: number;
  codes: { code: number; identity: string; fromInstance: string; toInstance: string | null }[];
  keys: TKeyMove[];
  mirrors: TMirrorStatus[];
  /** What happens to each old home (fencing). */
  homes: THomeFence[];
  /** Write-log mirrors the switch would promote (docs/MIRROR-MODES.md). */
  writeLog: TWriteLogMirrorStatus[];
  interlocks: TInterlock[];
  /** True when no interlock stands in the way; soft ones can be overridden with a reason. */
  allowed: boolean;
  overridable: boolean;
  /** What moves, from the last minutes of heartbeats: ops/s per code, dataset bytes, hot keys. */
  impact: TTrafficImpact;
  /** The receiving instances (mirrors that take over): memory and ops/s headroom. */
  instances: TReceiverHeadroom[];
  /** Enabled safety rules on the result (docs/SAFETY.md); a failed hard rule blocks unless an admin breaks the glass. */
  rules: TRuleResult[];
}

/** "The last minutes" of heartbeats the capacity figures read. */
const PREVIEW_WINDOW_SEC = 300;

export async function previewFailover(
  deps: ApiDeps,
  from: string,
  to: string,
  now = new Date(),
): Promise<TFailoverPreview> {
  const { version, snapshot } = await latestSnapshot(deps.db);
  const mirrors = from === to ? [] : await mirrorsOf(snapshot, from, to, deps.options.redisTimeoutMs);
  const locks = interlocks(snapshot, from, to, mirrors, now);
  for (const wf of await unfinishedWorkflows(deps.db)) {
    locks.push({
      code: 'WORKFLOW_UNFINISHED',
      message: `unfinished: ${workflowSummary(workflowView(wf))}`,
      overridable: false,
    });
  }
  const codes = affectedCodes(snapshot, from, to).map((c) => ({
    code: c.code,
    identity: c.identity,
    fromInstance: c.home.name,
    toInstance: c.mirror?.name ?? null,
  }));
  const bad = locks.some((l) => l.code === 'SELF' || l.code === 'UNKNOWN_REGION');
  const writeLog = bad
    ? []
    : (await writeLogStatuses(snapshot, deps.options.redisTimeoutMs, new Set(codes.map((c) => c.code)))).filter(
        (w) => w.region === to,
      );
  locks.push(...writeLogInterlocks(snapshot, writeLog));
  const keys = bad ? [] : keyMoves(snapshot, withOverride(snapshot, from, to, 'preview', now), now);
  const homes = bad ? [] : await homeFences(snapshot, from, to, deps.options.redisTimeoutMs, false);
  const { impact, qpsByInstance } = await trafficImpact(
    deps.db,
    snapshot,
    codes,
    PREVIEW_WINDOW_SEC,
    deps.options.redisTimeoutMs,
    now,
  );
  const instances = await receiverHeadroom(
    snapshot,
    mirrors,
    receiverOps(codes, qpsByInstance),
    deps.options.redisTimeoutMs,
  );
  const rules = bad
    ? []
    : await checkRules(deps.db, failoverFacts(snapshot, from, to, mirrors, instances, now, writeLog));
  const allowed = locks.length === 0;
  return {
    from,
    to,
    basedOnVersion: version,
    codes,
    keys,
    mirrors,
    homes,
    writeLog,
    interlocks: locks,
    allowed,
    overridable: locks.every((l) => l.overridable),
    impact,
    instances,
    rules,
  };
}

export interface TStepReport {
  step: string;
  target: string;
  ok: boolean;
  message: string;
}

export interface FailoverSetInput {
  from: string;
  to: string;
  reason: string;
  confirmRegion: string;
  overrideInterlocks?: { reason: string };
  /** An admin's reason to fail over despite breached safety rules. */
  breakGlassReason?: string | undefined;
}

/** The step report of a driven workflow, in plan order (pending steps are left out). */
export const stepReports = (wf: TWorkflowView): TStepReport[] =>
  wf.steps
    .filter((s) => s.status !== 'pending')
    .map((s) => ({
      step: s.step,
      target: s.target,
      ok: s.status === 'done' || s.status === 'skipped',
      message: s.message ?? s.status,
    }));

/**
 * Starts the failover workflow (docs/WORKFLOWS.md) and drives it in this request. If the
 * process dies mid-way, the start-up resumer of the next console finishes it.
 */
export async function setFailover(deps: ApiDeps, actor: Actor, input: FailoverSetInput) {
  const entry = {
    actor: actor.email,
    action: 'failover.set',
    target: `${input.from}→${input.to}`,
    reason: input.reason,
  };
  if (input.confirmRegion !== input.from) {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { error: 'FAILOVER_CONFIRM' } });
    throw apiError('FAILOVER_CONFIRM', `confirmRegion must be '${input.from}' (the region you switch away from)`);
  }
  const preview = await previewFailover(deps, input.from, input.to, new Date());
  const blocking = preview.interlocks.filter((l) => !l.overridable || !input.overrideInterlocks);
  if (blocking.length > 0) {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { interlocks: preview.interlocks } });
    throw apiError('FAILOVER_INTERLOCK', blocking.map((l) => l.message).join('; '), preview.interlocks);
  }
  try {
    await enforceRules(deps.db, actor, preview.rules, {
      action: entry.action,
      target: entry.target,
      breakGlassReason: input.breakGlassReason,
    });
  } catch (error) {
    await writeAudit(deps.db, {
      ...entry,
      outcome: 'denied',
      after: { error: error instanceof ApiError ? error.code : String(error), rules: preview.rules },
    });
    throw error;
  }
  const { snapshot } = await latestSnapshot(deps.db);
  const pairs = affectedCodes(snapshot, input.from, input.to).flatMap((c) =>
    c.mirror ? [{ home: c.home.name, mirror: c.mirror.name }] : [],
  );
  const plan = failoverPlan(uniquePairs(pairs), input.from, input.overrideInterlocks?.reason ?? null);
  const created = await createWorkflow(
    deps.db,
    deps.processId,
    deps.options.workflowLeaseMs,
    { kind: 'failover', region: input.from, target: input.to, actor: actor.email, reason: input.reason, plan },
    (unfinished) => unfinished[0] ?? null,
  );
  if ('blockedBy' in created) {
    const message = `an unfinished workflow is in the way: ${workflowSummary(workflowView(created.blockedBy))}; let it finish (the console resumes it) first`;
    await writeAudit(deps.db, {
      ...entry,
      outcome: 'denied',
      after: { error: 'WORKFLOW_UNFINISHED', workflow: created.blockedBy.id },
    });
    throw apiError('WORKFLOW_UNFINISHED', message);
  }
  const { workflow } = await driveWorkflow(deps, created.created);
  const view = workflowView(workflow);
  if (view.state === 'rolled-back')
    throw apiError(
      'WORKFLOW_ROLLED_BACK',
      `failover rolled back, nothing moved: ${view.error ?? ''}`,
      stepReports(view),
    );
  const version = await latestVersion(deps.db);
  return { version: version?.version ?? 0, hash: version?.hash ?? '', workflow: view, steps: stepReports(view) };
}

export function uniquePairs<T extends { home: string; mirror: string }>(pairs: readonly T[]): T[] {
  const seen = new Set<string>();
  return pairs.filter((p) => (seen.has(`${p.home}>${p.mirror}`) ? false : (seen.add(`${p.home}>${p.mirror}`), true)));
}
