/**
 * The console's start-up resumer: picks up every workflow left `running` by a process that
 * died (its lease expired) and retries `incomplete` ones (a failed promotion, an old home
 * that was unreachable and is still unfenced). Leases keep two consoles from driving the same
 * workflow; a process runs at most one pass at a time.
 */
import type { ApiDeps } from '../../deps.ts';
import { driveWorkflow } from './runner.ts';
import { unfinishedWorkflows } from './store.ts';

export interface ResumePass {
  resumed: { id: string; state: string }[];
  skipped: string[];
}

export async function resumeWorkflows(deps: ApiDeps): Promise<ResumePass> {
  const pass: ResumePass = { resumed: [], skipped: [] };
  for (const wf of await unfinishedWorkflows(deps.db)) {
    const result = await driveWorkflow(deps, wf.id);
    if (result.drove) pass.resumed.push({ id: wf.id, state: result.workflow.state });
    else pass.skipped.push(wf.id);
  }
  return pass;
}

export interface Resumer {
  stop(): Promise<void>;
}

/**
 * The resumer holds leases under its own owner id. Requests and the resumer of one console
 * share `deps`, and Next.js may load this module twice (instrumentation and route bundles),
 * so an in-memory guard alone cannot keep them apart; distinct lease owners do.
 */
export const resumerDeps = (deps: ApiDeps): ApiDeps => ({ ...deps, processId: `${deps.processId}/resumer` });

/** Runs a pass now and every `workflowRetryMs`; `log` receives one line per pass that did something. */
export function startWorkflowResumer(
  appDeps: ApiDeps,
  log: (line: Record<string, unknown>) => void = () => undefined,
): Resumer {
  const deps = resumerDeps(appDeps);
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): void => {
    if (running || stopped) return;
    running = resumeWorkflows(deps)
      .then((pass) => (pass.resumed.length > 0 ? log({ event: 'workflows_resumed', ...pass }) : undefined))
      .catch((error: unknown) => log({ event: 'workflow_resumer_error', message: (error as Error).message }))
      .finally(() => {
        running = null;
      });
  };
  tick();
  const timer = setInterval(tick, deps.options.workflowRetryMs);
  timer.unref();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
