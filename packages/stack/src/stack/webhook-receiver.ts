/**
 * The demo's local webhook receiver (issue 17 §3): a small process that logs every
 * notification it gets (JSON lines), and the seeded `demo-receiver` webhook pointing at it, so
 * a fresh stack shows result broadcasts end to end. The webhook is upserted on every `up`
 * because the receiver's port is picked afresh.
 */
import path from 'node:path';
import { freePort } from '../harness/free-port.ts';
import { startService } from './processes.ts';
import type { StackPaths, TProcessEntry } from './state.ts';

export const DEMO_WEBHOOK = 'demo-receiver';

export async function startWebhookReceiverService(
  paths: StackPaths,
): Promise<{ entry: TProcessEntry; url: string; log: string }> {
  const port = await freePort();
  const log = path.join(paths.logs, 'webhook-received.jsonl');
  const entry = await startService({
    name: 'webhook-receiver',
    kind: 'receiver',
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      path.join(paths.root, 'packages', 'stack', 'src', 'bin', 'webhook-receiver.ts'),
      '--port',
      String(port),
      '--log',
      log,
    ],
    cwd: paths.root,
    env: {},
    logDir: paths.logs,
    port,
    readyTimeoutMs: 20_000,
    supervised: true,
  });
  return { entry, url: `http://127.0.0.1:${port}/hook`, log };
}

/** Upserts the demo webhook (every event, generic JSON) at the receiver's current URL. */
export async function seedDemoWebhook(databaseUrl: string, url: string): Promise<void> {
  const { createDb } = await import('@switchyard/db/client');
  const db = createDb(databaseUrl);
  try {
    await db.webhook.upsert({
      where: { name: DEMO_WEBHOOK },
      create: { name: DEMO_WEBHOOK, url, format: 'json', events: [], createdBy: 'seed' },
      update: { url },
    });
  } finally {
    await db.$disconnect();
  }
}
