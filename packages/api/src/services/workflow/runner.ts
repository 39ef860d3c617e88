/**
 * Drives one workflow from its first step not done to the end, under a lease. Each step is
 * recorded `started` before it runs and `done`/`failed`/`deferred` after, so a process that
 * dies anywhere leaves a row the resumer can continue from (steps are idempotent).
 */
import type { ApiDeps } from '../../deps.ts';
import { writeAudit } from '../audit-service.ts';
import { notifyWorkflowFinished } from '../notify/notify.ts';
import type { TPlanStep } from './plan.ts';
import { runStep, undoStep, type StepOutcome } from './steps.ts';
import { acquireLease, finishWorkflow, loadWorkflow, recordStep, type WorkflowRow } from './store.ts';

export interface DriveResult {
  workflow: WorkflowRow;
  /** False when another process holds the lease (nothing was run). */
  drove: boolean;
}

async function audit(
  deps: ApiDeps,
  wf: WorkflowRow,
  step: TPlanStep,
  outcome: { status: string; message: string },
): Promise<void> {
  await writeAudit(deps.db, {
    actor: wf.actor,
    action: `${wf.kind}.step.${step.step}`,
    target: step.target,
    reason: wf.reason,
    after: { workflow: wf.id, status: outcome.status, message: outcome.message },
    outcome: outcome.status === 'failed' ? 'error' : 'ok',
  });
}

async function rollBack(deps: ApiDeps, wf: WorkflowRow, failedAt: number, why: string): Promise<void> {
  const fresh = await loadWorkflow(deps.db, wf.id);
  for (let i = failedAt - 1; i >= 0; i--) {
    const step = wf.plan.steps[i]!;
    if (fresh.steps[i]?.status !== 'done') continue;
    try {
      await undoStep(deps, step);
    } catch (error) {
      // Best effort: a mirror left open for writes still replicates its home, which keeps serving.
      await audit(deps, wf, step, { status: 'failed', message: `undo failed: ${(error as Error).message}` });
    }
  }
  await deps.db.workflowStep.updateMany({
    where: { workflowId: wf.id, status: 'pending' },
    data: { status: 'skipped', message: 'rolled back before this step' },
  });
  if (await finishWorkflow(deps.db, wf.id, deps.processId, 'rolled-back', why))
    await notifyWorkflowFinished(deps.db, wf, 'rolled-back', why);
}

const isDone = (status: string): boolean => status === 'done' || status === 'skipped';

/**
 * Runs one step while renewing the lease every third of its length: a live console keeps a
 * long step (resync, await-workers) rather than a resumer taking the workflow over mid-step and
 * both driving it. Every step is bounded by its own timeouts, so a stuck step cannot hold the
 * lease for ever; a console that dies stops renewing and the lease lapses as before.
 */
async function runLeased(
  deps: ApiDeps,
  wf: WorkflowRow,
  step: TPlanStep,
  lease: () => Promise<boolean>,
): Promise<StepOutcome | { status: 'failed'; message: string }> {
  const renew = setInterval(
    () => void lease().catch(() => undefined),
    Math.max(20, Math.floor(deps.options.workflowLeaseMs / 3)),
  );
  try {
    return await runStep(deps, wf, step);
  } catch (error) {
    return { status: 'failed', message: (error as Error).message };
  } finally {
    clearInterval(renew);
  }
}

/**
 * Workflows this process is driving right now. The lease tells processes apart; within one
 * console the request that started a workflow and the resumer share the process id (and so
 * the lease), so they are kept apart here.
 */
const driving = new Set<string>();

export async function driveWorkflow(deps: ApiDeps, id: string): Promise<DriveResult> {
  const key = `${deps.processId}:${id}`;
  if (driving.has(key)) return { workflow: await loadWorkflow(deps.db, id), drove: false };
  driving.add(key);
  try {
    return await drive(deps, id);
  } finally {
    driving.delete(key);
  }
}

async function drive(deps: ApiDeps, id: string): Promise<DriveResult> {
  const lease = (): Promise<boolean> => acquireLease(deps.db, id, deps.processId, deps.options.workflowLeaseMs);
  if (!(await lease())) return { workflow: await loadWorkflow(deps.db, id), drove: false };
  const wf = await loadWorkflow(deps.db, id);
  const publishAt = wf.plan.steps.findIndex((s) => s.step === 'publish');
  for (const [index, step] of wf.plan.steps.entries()) {
    const before = (await loadWorkflow(deps.db, id)).steps[index];
    const status = before?.status ?? 'pending';
    if (isDone(status)) continue;
    if (!(await lease())) return { workflow: await loadWorkflow(deps.db, id), drove: true };
    await recordStep(deps.db, id, index, 'started', null);
    const outcome = await runLeased(deps, wf, step, lease);
    // Renew after the step too: the lease must not lapse between running and recording it.
    await lease();
    const point = { kind: wf.kind, index, step: step.step, target: step.target };
    deps.faults?.at('ran', point);
    await recordStep(deps.db, id, index, outcome.status, outcome.message);
    // The resumer retries an incomplete step every few seconds: audit changes, not each repeat.
    if (status !== outcome.status || before?.message !== outcome.message) await audit(deps, wf, step, outcome);
    deps.faults?.at('recorded', point);
    if (outcome.status === 'failed' && step.critical && index <= publishAt) {
      await rollBack(deps, wf, index, `${step.step} ${step.target} failed: ${outcome.message}`);
      return { workflow: await loadWorkflow(deps.db, id), drove: true };
    }
  }
  const after = await loadWorkflow(deps.db, id);
  const open = after.steps.filter((s) => !isDone(s.status));
  const error =
    open.length === 0 ? null : open.map((s) => `${s.step} ${s.target}: ${s.message ?? s.status}`).join('; ');
  const state = open.length === 0 ? 'done' : 'incomplete';
  // Broadcast once, when the workflow ends: the resumer retries an incomplete one, quietly.
  if ((await finishWorkflow(deps.db, id, deps.processId, state, error)) && state === 'done')
    await notifyWorkflowFinished(deps.db, wf, state, error);
  return { workflow: await loadWorkflow(deps.db, id), drove: true };
}
