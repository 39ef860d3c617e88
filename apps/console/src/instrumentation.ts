/**
 * Next.js calls `register()` once when a console server process starts: the place for the
 * workflow resumer (issue 15), so a console restarted mid-failover finishes it on its own.
 */
export async function register(): Promise<void> {
  const { isNodeServerRuntime } = await import('./server/env.ts');
  if (!isNodeServerRuntime()) return;
  const { ensureWorkflowResumer } = await import('./server/workflow-resumer.ts');
  ensureWorkflowResumer();
}
