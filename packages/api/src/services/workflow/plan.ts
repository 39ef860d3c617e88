/**
 * The persisted shape of a failover/failback workflow (docs/WORKFLOWS.md): a fixed list of
 * steps, each naming the instances it acts on, planned once when the workflow starts so a
 * resumed run does exactly what the first run would have done.
 */
import { z } from 'zod';

export const STEP_KINDS = [
  /** `replica-read-only no` on a replica: it accepts writes while it still replicates. */
  'open-writes',
  /** Publish the failover override (failover) or remove it (failback). */
  'publish',
  /** Wait (bounded) until every live worker applied the published version. */
  'await-workers',
  /** `REPLICAOF NO ONE`: the instance becomes the writable master. */
  'promote',
  /** `replica-read-only yes` again, for the day the instance replicates once more. */
  'restore-read-only',
  /** The old home replicates the promoted mirror: it stops accepting application writes. */
  'fence',
  /** Failback: the home replicates the promoted mirror until caught up. */
  'resync',
  /** Failback: the mirror replicates its home again (undoes the promotion, read-only). */
  'relink',
] as const;
export type TStepKind = (typeof STEP_KINDS)[number];

export const ZPlanStep = z.object({
  step: z.enum(STEP_KINDS),
  /** What the step acts on: an instance name, or a region for publish. */
  target: z.string(),
  /** For fence/resync/relink: the instance `target` replicates from; for promote: the one it catches up with first. */
  master: z.string().nullable(),
  /**
   * A critical step that fails before the publish rolls the workflow back (nothing moved);
   * a non-critical one is recorded as failed and retried by the resumer.
   */
  critical: z.boolean(),
});
export type TPlanStep = z.infer<typeof ZPlanStep>;

export const ZWorkflowPlan = z.object({
  steps: z.array(ZPlanStep),
  overrideReason: z.string().nullable(),
});
export type TWorkflowPlan = z.infer<typeof ZWorkflowPlan>;

export const WORKFLOW_KINDS = ['failover', 'failback'] as const;
export type TWorkflowKind = (typeof WORKFLOW_KINDS)[number];

export const WORKFLOW_STATES = ['running', 'incomplete', 'done', 'rolled-back', 'superseded'] as const;
export type TWorkflowState = (typeof WORKFLOW_STATES)[number];
/** States that still need work: shown loudly, block new failovers, picked up by the resumer. */
export const UNFINISHED_STATES: readonly TWorkflowState[] = ['running', 'incomplete'];

export const STEP_STATUSES = ['pending', 'started', 'done', 'failed', 'deferred', 'skipped'] as const;
export type TStepStatus = (typeof STEP_STATUSES)[number];

export interface Pair {
  home: string;
  mirror: string;
}

/** Failover: open the mirrors, publish, wait for workers, promote, re-arm read-only, fence the homes. */
export function failoverPlan(pairs: readonly Pair[], region: string, overrideReason: string | null): TWorkflowPlan {
  const step = (kind: TStepKind, target: string, master: string | null, critical: boolean): TPlanStep => ({
    step: kind,
    target,
    master,
    critical,
  });
  return {
    overrideReason,
    steps: [
      // With an override (a dead mirror accepted), a mirror that cannot be opened does not stop the rest.
      ...pairs.map((p) => step('open-writes', p.mirror, null, overrideReason === null)),
      step('publish', region, null, true),
      step('await-workers', region, null, false),
      ...pairs.flatMap((p) => [
        step('promote', p.mirror, p.home, false),
        step('restore-read-only', p.mirror, null, false),
      ]),
      ...pairs.map((p) => step('fence', p.home, p.mirror, false)),
    ],
  };
}

/** Failback reverses every failover step: resync (keeps the fence), open, publish, wait, promote the homes, relink the mirrors. */
export function failbackPlan(pairs: readonly Pair[], region: string): TWorkflowPlan {
  const step = (kind: TStepKind, target: string, master: string | null, critical: boolean): TPlanStep => ({
    step: kind,
    target,
    master,
    critical,
  });
  return {
    overrideReason: null,
    steps: [
      ...pairs.map((p) => step('resync', p.home, p.mirror, true)),
      ...pairs.map((p) => step('open-writes', p.home, null, true)),
      step('publish', region, null, true),
      step('await-workers', region, null, false),
      ...pairs.flatMap((p) => [
        step('promote', p.home, p.mirror, false),
        step('restore-read-only', p.home, null, false),
      ]),
      ...pairs.map((p) => step('relink', p.mirror, p.home, false)),
    ],
  };
}
