/**
 * Next.js calls `register()` once when a console server process starts: the place for the
 * workflow resumer (issue 15), so a console restarted mid-failover finishes it on its own, and
 * for the notification sender (issue 17), which delivers the outbox of result broadcasts, and for
 * the change-request scheduler (issue 18).
 */
export async function register(): Promise<void> {
  // The one read of process.env outside env.ts: NEXT_RUNTIME is a build-time constant that
  // Next inlines, and only an inline comparison lets it drop the Node-only import from the
  // Edge instrumentation bundle.
  // eslint-disable-next-line no-restricted-properties -- see above: Next must see the literal comparison.
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { isNodeServerRuntime } = await import('./server/env.ts');
  if (!isNodeServerRuntime()) return;
  const { ensureWorkflowResumer } = await import('./server/workflow-resumer.ts');
  ensureWorkflowResumer();
  const { ensureNotificationSender } = await import('./server/notification-sender.ts');
  ensureNotificationSender();
  const { ensureRequestScheduler } = await import('./server/request-scheduler.ts');
  ensureRequestScheduler();
}
