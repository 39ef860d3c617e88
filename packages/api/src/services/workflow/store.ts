/**
 * Postgres bookkeeping of workflows: creation (one unfinished failover at a time, under a
 * transaction-scoped advisory lock), the lease that lets exactly one console process drive a
 * workflow, and the before/after record of every step.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db.ts';
import { toDbJson } from '../../db.ts';
import {
  ZWorkflowPlan,
  UNFINISHED_STATES,
  type TStepStatus,
  type TWorkflowKind,
  type TWorkflowPlan,
  type TWorkflowState,
} from './plan.ts';

/** Arbitrary constant: serialises workflow creation across console processes. */
const CREATE_LOCK = 0x5359_464f;

export interface WorkflowRow {
  id: string;
  kind: TWorkflowKind;
  region: string;
  target: string;
  state: TWorkflowState;
  actor: string;
  reason: string;
  plan: TWorkflowPlan;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  steps: {
    index: number;
    step: string;
    target: string;
    status: TStepStatus;
    attempts: number;
    message: string | null;
    startedAt: Date | null;
    finishedAt: Date | null;
  }[];
}

type RawRow = Awaited<ReturnType<typeof loadRaw>>;
const loadRaw = (db: Db, id: string) =>
  db.workflow.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { index: 'asc' } } } });

function toRow(raw: NonNullable<RawRow>): WorkflowRow {
  return {
    ...raw,
    kind: raw.kind as TWorkflowKind,
    state: raw.state as TWorkflowState,
    plan: ZWorkflowPlan.parse(raw.plan),
    steps: raw.steps.map((s) => ({ ...s, status: s.status as TStepStatus })),
  };
}

export const loadWorkflow = async (db: Db, id: string): Promise<WorkflowRow> => toRow(await loadRaw(db, id));

export async function unfinishedWorkflows(db: Db): Promise<WorkflowRow[]> {
  const rows = await db.workflow.findMany({
    where: { state: { in: [...UNFINISHED_STATES] } },
    include: { steps: { orderBy: { index: 'asc' } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map(toRow);
}

export async function recentWorkflows(db: Db, limit: number): Promise<WorkflowRow[]> {
  const rows = await db.workflow.findMany({
    include: { steps: { orderBy: { index: 'asc' } } },
    orderBy: { createdAt: 'desc' },
    take: limit,
  });
  return rows.map(toRow);
}

export interface NewWorkflow {
  kind: TWorkflowKind;
  region: string;
  target: string;
  actor: string;
  reason: string;
  plan: TWorkflowPlan;
}

/**
 * Creates the workflow, leased to `owner`, unless `blocker` finds an unfinished one in the way
 * (then returns it and creates nothing). `supersede` names unfinished workflows this one ends.
 */
export async function createWorkflow(
  db: Db,
  owner: string,
  leaseMs: number,
  input: NewWorkflow,
  blocker: (unfinished: WorkflowRow[]) => WorkflowRow | null,
): Promise<{ created: string } | { blockedBy: WorkflowRow }> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CREATE_LOCK})`;
    const raw = await tx.workflow.findMany({
      where: { state: { in: [...UNFINISHED_STATES] } },
      include: { steps: { orderBy: { index: 'asc' } } },
    });
    const unfinished = raw.map(toRow);
    const blockedBy = blocker(unfinished);
    if (blockedBy) return { blockedBy };
    const id = `wf-${input.kind}-${input.region}-${randomBytes(4).toString('hex')}`;
    await tx.workflow.create({
      data: {
        id,
        kind: input.kind,
        region: input.region,
        target: input.target,
        state: 'running',
        actor: input.actor,
        reason: input.reason,
        plan: toDbJson(input.plan) ?? {},
        leaseOwner: owner,
        leaseUntil: new Date(Date.now() + leaseMs),
        steps: {
          create: input.plan.steps.map((s, index) => ({ index, step: s.step, target: s.target, status: 'pending' })),
        },
      },
    });
    return { created: id };
  });
}

/** A failback that published the route home ends the region's incomplete failover (its fence is moot now). */
export async function supersedeFailovers(db: Db, region: string, by: string): Promise<void> {
  const old = await db.workflow.findMany({
    where: { kind: 'failover', region, state: { in: [...UNFINISHED_STATES] } },
    select: { id: true },
  });
  for (const { id } of old) {
    await db.workflow.update({
      where: { id },
      data: {
        state: 'superseded',
        finishedAt: new Date(),
        leaseOwner: null,
        leaseUntil: null,
        error: `superseded by failback ${by}`,
      },
    });
    await db.workflowStep.updateMany({
      where: { workflowId: id, status: { in: ['pending', 'failed', 'deferred', 'started'] } },
      data: { status: 'skipped', message: `superseded by failback ${by}` },
    });
  }
}

/** Takes or renews the lease: free, ours, or expired. False when another live process holds it. */
export async function acquireLease(
  db: Db,
  id: string,
  owner: string,
  leaseMs: number,
  now = new Date(),
): Promise<boolean> {
  const { count } = await db.workflow.updateMany({
    where: {
      id,
      state: { in: [...UNFINISHED_STATES] },
      OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseUntil: { lt: now } }],
    },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + leaseMs) },
  });
  return count === 1;
}

export async function recordStep(
  db: Db,
  id: string,
  index: number,
  status: TStepStatus,
  message: string | null,
): Promise<void> {
  const now = new Date();
  const data =
    status === 'started'
      ? { status, message, startedAt: now, finishedAt: null, attempts: { increment: 1 } }
      : { status, message, finishedAt: now };
  await db.workflowStep.update({ where: { workflowId_index: { workflowId: id, index } }, data });
}

/** True when this call recorded the state (false: superseded meanwhile, or another owner). */
export async function finishWorkflow(
  db: Db,
  id: string,
  owner: string,
  state: TWorkflowState,
  error: string | null,
): Promise<boolean> {
  const finished = !UNFINISHED_STATES.includes(state);
  // A workflow superseded meanwhile stays superseded.
  const r = await db.workflow.updateMany({
    where: { id, leaseOwner: owner, state: { in: [...UNFINISHED_STATES] } },
    data: { state, error, leaseOwner: null, leaseUntil: null, finishedAt: finished ? new Date() : null },
  });
  return r.count > 0;
}
