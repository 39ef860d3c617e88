/**
 * Failback (`failover.clear`) as a workflow that reverses every failover step (docs/WORKFLOWS.md):
 *   1. resync: each home replicates its promoted mirror until caught up (trivial when fenced);
 *   2. open the homes for writes while they still replicate, publish the route home, wait for workers;
 *   3. promote the homes, re-arm read-only, and relink each mirror to replicate its home.
 * A failed resync rolls back before the route moves, so traffic never goes to a stale home.
 * The preview says how much must resync and the current lag; the call needs a typed confirmation.
 */
import type { TInstance } from '@switchyard/core';
import { apiError } from '../errors.ts';
import type { ApiDeps } from '../deps.ts';
import type { Actor } from '../roles.ts';
import { writeAudit } from './audit-service.ts';
import { affectedCodes } from './failover-plan.ts';
import { stepReports, uniquePairs } from './failover-service.ts';
import { latestSnapshot, latestVersion } from './publish-service.ts';
import { probeDataset, probeReplication, type ReplicationInfo } from './redis-admin.ts';
import { failbackPlan } from './workflow/plan.ts';
import { driveWorkflow } from './workflow/runner.ts';
import { createWorkflow, unfinishedWorkflows, type WorkflowRow } from './workflow/store.ts';
import { workflowSummary, workflowView } from './workflow/view.ts';

interface Pair {
  home: TInstance;
  mirror: TInstance;
}

export interface TFailbackPair {
  home: string;
  mirror: string;
  homeReachable: boolean;
  /** `fenced`: the home replicates the serving mirror; `writable`: it is a master (unfenced); `other`. */
  homeState: 'fenced' | 'writable' | 'other' | 'unreachable';
  /** True when the home must copy the mirror's whole dataset (it does not replicate the mirror yet). */
  fullResync: boolean;
  /** Bytes the home is behind the mirror (partial resync), or the mirror's dataset bytes (full). */
  resyncBytes: number | null;
  mirrorKeys: number | null;
  /** Replication lag right now (home offset behind the mirror's), null when not replicating. */
  lagBytes: number | null;
}

export interface TFailbackPreview {
  from: string;
  to: string | null;
  pairs: TFailbackPair[];
  blockers: string[];
  allowed: boolean;
}

function pairsOf(snapshot: Parameters<typeof affectedCodes>[0], from: string, to: string): Pair[] {
  const pairs = affectedCodes(snapshot, from, to).flatMap((c) =>
    c.mirror ? [{ home: c.home.name, mirror: c.mirror.name, h: c.home, m: c.mirror }] : [],
  );
  return uniquePairs(pairs).map((p) => ({ home: p.h, mirror: p.m }));
}

const replicates = (r: ReplicationInfo, master: TInstance): boolean =>
  r.role === 'slave' &&
  master.addresses.some(
    (a) =>
      a.port === r.masterPort && (a.host === r.masterHost || (a.host === 'localhost' && r.masterHost === '127.0.0.1')),
  );

async function previewPair(pair: Pair, timeoutMs: number): Promise<TFailbackPair> {
  const [home, mirror, data] = await Promise.all([
    probeReplication(pair.home, timeoutMs),
    probeReplication(pair.mirror, timeoutMs),
    probeDataset(pair.mirror, timeoutMs),
  ]);
  const base = {
    home: pair.home.name,
    mirror: pair.mirror.name,
    homeReachable: home.reachable,
    mirrorKeys: data?.keys ?? null,
  };
  if (!home.reachable)
    return { ...base, homeState: 'unreachable', fullResync: true, resyncBytes: data?.bytes ?? null, lagBytes: null };
  const fenced = replicates(home, pair.mirror);
  const lag =
    fenced && mirror.offset !== null && home.offset !== null ? Math.max(0, mirror.offset - home.offset) : null;
  const homeState = fenced ? 'fenced' : home.role === 'master' ? 'writable' : 'other';
  const full = !fenced || home.masterLinkStatus !== 'up';
  return { ...base, homeState, fullResync: full, resyncBytes: full ? (data?.bytes ?? null) : lag, lagBytes: lag };
}

const blocksFailback =
  (from: string) =>
  (wf: WorkflowRow): boolean =>
    !(wf.kind === 'failover' && wf.region === from && wf.state === 'incomplete');

export async function previewFailback(deps: ApiDeps, from: string): Promise<TFailbackPreview> {
  const { snapshot } = await latestSnapshot(deps.db);
  const override = snapshot.failover.find((o) => o.from === from);
  if (!override)
    return {
      from,
      to: null,
      pairs: [],
      blockers: [`${from} has no failover override in the latest published version`],
      allowed: false,
    };
  const pairs = await Promise.all(
    pairsOf(snapshot, from, override.to).map((p) => previewPair(p, deps.options.redisTimeoutMs)),
  );
  const blockers = [
    ...(await unfinishedWorkflows(deps.db))
      .filter(blocksFailback(from))
      .map((wf) => `unfinished: ${workflowSummary(workflowView(wf))}`),
    ...pairs
      .filter((p) => !p.homeReachable)
      .map((p) => `home ${p.home} is unreachable: it cannot resync from ${p.mirror}`),
  ];
  return { from, to: override.to, pairs, blockers, allowed: blockers.length === 0 };
}

export async function clearFailover(
  deps: ApiDeps,
  actor: Actor,
  input: { from: string; reason: string; confirmRegion: string },
) {
  const { snapshot } = await latestSnapshot(deps.db);
  const override = snapshot.failover.find((o) => o.from === input.from);
  const entry = { actor: actor.email, action: 'failover.clear', target: input.from, reason: input.reason };
  const deny = async (
    code: 'FAILOVER_NOT_ACTIVE' | 'FAILBACK_CONFIRM' | 'WORKFLOW_UNFINISHED',
    message: string,
  ): Promise<never> => {
    await writeAudit(deps.db, { ...entry, outcome: 'denied', after: { error: code, message } });
    throw apiError(code, message);
  };
  if (input.confirmRegion !== input.from)
    return deny('FAILBACK_CONFIRM', `confirmRegion must be '${input.from}' (the region traffic returns to)`);
  if (!override)
    return deny('FAILOVER_NOT_ACTIVE', `${input.from} has no failover override in the latest published version`);
  const plan = failbackPlan(
    pairsOf(snapshot, input.from, override.to).map((p) => ({ home: p.home.name, mirror: p.mirror.name })),
    input.from,
  );
  const created = await createWorkflow(
    deps.db,
    deps.processId,
    deps.options.workflowLeaseMs,
    { kind: 'failback', region: input.from, target: override.to, actor: actor.email, reason: input.reason, plan },
    // A failover still retrying (e.g. an unfenced home) does not block: the failback's resync
    // fences the home anyway, and its publish supersedes that failover.
    (unfinished) => unfinished.find(blocksFailback(input.from)) ?? null,
  );
  if ('blockedBy' in created)
    return deny(
      'WORKFLOW_UNFINISHED',
      `an unfinished workflow is in the way: ${workflowSummary(workflowView(created.blockedBy))}`,
    );
  const view = workflowView((await driveWorkflow(deps, created.created)).workflow);
  const steps = stepReports(view);
  if (view.state === 'rolled-back') {
    await writeAudit(deps.db, { ...entry, outcome: 'error', after: { steps, workflow: view.id } });
    throw apiError(
      'FAILBACK_STEP_FAILED',
      `resync failed; the route still points at ${override.to}: ${view.error ?? ''}`,
      steps,
    );
  }
  const version = await latestVersion(deps.db);
  return {
    version: version?.version ?? 0,
    hash: version?.hash ?? '',
    workflow: view,
    steps,
    ok: view.state === 'done',
  };
}
