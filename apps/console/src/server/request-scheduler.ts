/**
 * Started once per console server process (instrumentation.ts), next to the workflow
 * resumer: runs approved change requests when their scheduled time comes and expires the ones
 * nobody decided. Several consoles may run it: each request is claimed by one conditional update.
 */
import { startRequestScheduler, type RequestScheduler } from '@switchyard/api';
import { getApiDeps } from './api-deps.ts';

const holder = globalThis as typeof globalThis & { __switchyardRequestScheduler?: RequestScheduler };

export function ensureRequestScheduler(): void {
  if (holder.__switchyardRequestScheduler) return;
  const log = (line: Record<string, unknown>): void =>
    console.log(JSON.stringify({ at: new Date().toISOString(), ...line }));
  const deps = getApiDeps();
  // The same cadence as the workflow resumer: a scheduled change runs within one pass of its time.
  holder.__switchyardRequestScheduler = startRequestScheduler(deps, deps.options.workflowRetryMs, log);
  log({ event: 'request_scheduler_started', processId: deps.processId, everyMs: deps.options.workflowRetryMs });
}
