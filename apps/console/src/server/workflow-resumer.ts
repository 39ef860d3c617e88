/**
 * Started once per console server process (instrumentation.ts): finishes failover/failback
 * workflows a previous console left half-way and fences old homes that come back. Kept on
 * globalThis so `next dev` reloads do not start a second one (leases guard across processes).
 */
import { startWorkflowResumer, type Resumer } from '@switchyard/api';
import { getApiDeps } from './api-deps.ts';

const holder = globalThis as typeof globalThis & { __switchyardResumer?: Resumer };

export function ensureWorkflowResumer(): void {
  if (holder.__switchyardResumer) return;
  const log = (line: Record<string, unknown>): void =>
    console.log(JSON.stringify({ at: new Date().toISOString(), ...line }));
  const deps = getApiDeps();
  holder.__switchyardResumer = startWorkflowResumer(deps, log);
  log({ event: 'workflow_resumer_started', processId: deps.processId, everyMs: deps.options.workflowRetryMs });
}
