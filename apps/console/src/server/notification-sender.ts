/**
 * Started once per console server process (instrumentation.ts), next to the workflow resumer:
 * delivers the notification outbox to the webhooks with backoff, and announces expired drop
 * rules. The console runs the sender because it is always up (the migrator only runs while a
 * migration does) and it owns the webhook configuration; rows live in Postgres, so a restarted
 * console picks up where the last one stopped. Kept on globalThis against `next dev` reloads.
 */
import { startNotificationSender, type NotificationSender } from '@switchyard/api';
import { getApiDeps } from './api-deps.ts';

const holder = globalThis as typeof globalThis & { __switchyardNotifier?: NotificationSender };

export function ensureNotificationSender(): void {
  if (holder.__switchyardNotifier) return;
  const log = (line: Record<string, unknown>): void =>
    console.log(JSON.stringify({ at: new Date().toISOString(), ...line }));
  holder.__switchyardNotifier = startNotificationSender(getApiDeps().db, log);
  log({ event: 'notification_sender_started' });
}
