/**
 * Next.js calls `register()` once when a console server process starts: the place for the
 * workflow resumer (issue 15), so a console restarted mid-failover finishes it on its own, and
 * for the change-request scheduler (issue 18).
 */
export async function register(): Promise<void> {
  // The one read of process.env outside env.ts: NEXT_RUNTIME is a build-time constant that
  // Next inlines, and only an inline comparison lets it drop the Node-only import from the
  // Edge instrumentation bundle.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { isNodeServerRuntime } = await import('./server/env.ts');
  if (!isNodeServerRuntime()) return;
  const { ensureWorkflowResumer } = await import('./server/workflow-resumer.ts');
  ensureWorkflowResumer();
  const { ensureRequestScheduler } = await import('./server/request-scheduler.ts');
  ensureRequestScheduler();
}
