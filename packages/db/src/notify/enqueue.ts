/**
 * `notify(event)`: one outbox row per enabled webhook that takes the event's type. The console's
 * sender loop delivers them (packages/api services/notify). Producers: the migrator (finished
 * reconciliation runs, new dead letters) and the API services (failover/failback, drop rules,
 * notify test). A failure to enqueue must never fail what it reports: callers catch and log.
 */
import type { Db } from '../client.ts';
import { ZNotificationEvent, type TNotificationEvent } from './events.ts';

type Json = Parameters<Db['notificationOutbox']['create']>[0]['data']['payload'];

/** Returns the number of outbox rows written (0 when no webhook takes the event). */
/** A client or a transaction: a change's notification can commit with the change (outbox). */
export type NotifyDb = Pick<Db, 'webhook' | 'notificationOutbox'>;

export async function enqueueNotification(
  db: NotifyDb,
  event: TNotificationEvent,
  onlyWebhookId?: string,
): Promise<number> {
  const e = ZNotificationEvent.parse(event);
  const hooks = await db.webhook.findMany({ where: onlyWebhookId ? { id: onlyWebhookId } : { enabled: true } });
  const takers = hooks.filter((h) => onlyWebhookId !== undefined || h.events.length === 0 || h.events.includes(e.type));
  if (takers.length === 0) return 0;
  const payload = JSON.parse(JSON.stringify(e)) as Json;
  const r = await db.notificationOutbox.createMany({
    data: takers.map((h) => ({ webhookId: h.id, event: e.type, payload })),
  });
  return r.count;
}
