/**
 * Delivers the notification outbox (NotificationOutbox rows) to the webhooks, with backoff.
 * Runs in the console process (instrumentation.ts starts it next to the workflow resumer):
 * the console is always up in a deployment (the migrator runs only while a migration does),
 * and it owns the webhook configuration. Rows live in Postgres, so a restarted console picks
 * up what was left; a row is claimed by moving its due time forward (a lease), so two
 * consoles never post the same row at the same time. Delivery is at-least-once.
 */
import { createHmac } from 'node:crypto';
import { ZNotificationEvent } from '@switchyard/db/notify';
import type { Db } from '../../db.ts';
import { notifyExpiredDropRules } from './drop-expiry.ts';
import { renderBody, WEBHOOK_FORMATS, type TWebhookFormat } from './format.ts';

export interface SenderOptions {
  /** Attempts before a row is given up (failedAt). Default 8. */
  maxAttempts?: number;
  /** Backoff base: base · 2^(attempts-1), capped at backoffMaxMs. Default 2000. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Per-request timeout. Default 5000. */
  timeoutMs?: number;
  /** Rows per pass. Default 50. */
  batch?: number;
  /** Only these rows (notify test delivers its own rows, not the whole backlog, inside a request). */
  ids?: readonly string[];
}

export interface PassTotals {
  sent: number;
  retried: number;
  failed: number;
}

const isFormat = (f: string): f is TWebhookFormat => (WEBHOOK_FORMATS as readonly string[]).includes(f);

/** One pass over the due rows. */
export async function deliverDue(db: Db, o: SenderOptions = {}, now = new Date()): Promise<PassTotals> {
  const totals: PassTotals = { sent: 0, retried: 0, failed: 0 };
  const due = await db.notificationOutbox.findMany({
    where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now }, ...(o.ids ? { id: { in: [...o.ids] } } : {}) },
    orderBy: { createdAt: 'asc' },
    take: o.batch ?? 50,
  });
  for (const row of due) {
    const lease = new Date(now.getTime() + (o.timeoutMs ?? 5000) * 2);
    const claimed = await db.notificationOutbox.updateMany({
      where: { id: row.id, nextAttemptAt: row.nextAttemptAt, sentAt: null },
      data: { nextAttemptAt: lease },
    });
    if (claimed.count === 0) continue; // another sender has it
    const error = await attempt(db, row.webhookId, row.payload, o.timeoutMs ?? 5000);
    const attempts = row.attempts + 1;
    if (error === null) {
      await db.notificationOutbox.update({
        where: { id: row.id },
        data: { sentAt: new Date(), attempts, lastError: null },
      });
      totals.sent++;
    } else if (attempts >= (o.maxAttempts ?? 8) || error.permanent) {
      await db.notificationOutbox.update({
        where: { id: row.id },
        data: { failedAt: new Date(), attempts, lastError: error.message },
      });
      totals.failed++;
    } else {
      const wait = Math.min((o.backoffBaseMs ?? 2000) * 2 ** (attempts - 1), o.backoffMaxMs ?? 10 * 60_000);
      await db.notificationOutbox.update({
        where: { id: row.id },
        data: { nextAttemptAt: new Date(Date.now() + wait), attempts, lastError: error.message },
      });
      totals.retried++;
    }
  }
  return totals;
}

type AttemptError = { message: string; permanent: boolean } | null;

async function attempt(db: Db, webhookId: string, payload: unknown, timeoutMs: number): Promise<AttemptError> {
  const hook = await db.webhook.findUnique({ where: { id: webhookId } });
  if (!hook) return { message: 'the webhook was deleted', permanent: true };
  if (!isFormat(hook.format)) return { message: `unknown format '${hook.format}'`, permanent: true };
  const event = ZNotificationEvent.safeParse(payload);
  if (!event.success) return { message: `invalid event in the outbox: ${event.error.message}`, permanent: true };
  const body = JSON.stringify(renderBody(hook.format, event.data));
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'switchyard-notifier',
    'x-switchyard-event': event.data.type,
  };
  if (hook.secret) {
    headers.authorization = `Bearer ${hook.secret}`;
    headers['x-switchyard-signature'] = `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`;
  }
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    const text = await res.text().catch(() => '');
    if (!res.ok) return { message: `HTTP ${res.status}: ${text.slice(0, 200)}`, permanent: false };
    // WeCom answers 200 with {"errcode":…} on a refused message.
    if (hook.format === 'wecom') {
      const code = /"errcode"\s*:\s*(\d+)/.exec(text)?.[1];
      if (code !== undefined && code !== '0')
        return { message: `WeCom errcode ${code}: ${text.slice(0, 200)}`, permanent: false };
    }
    return null;
  } catch (err) {
    return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), permanent: false };
  }
}

export interface NotificationSender {
  stop(): Promise<void>;
}

/** The loop: expired drop rules are announced, then a delivery pass, every `everyMs` until stopped; a failing pass is logged and retried. */
export function startNotificationSender(
  db: Db,
  log: (line: Record<string, unknown>) => void,
  o: SenderOptions & { everyMs?: number } = {},
): NotificationSender {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const announced = new Set<string>();
  const pass = async (): Promise<PassTotals> => {
    await notifyExpiredDropRules(db, announced);
    return deliverDue(db, o);
  };
  const tick = (): void => {
    running = pass()
      .then(
        (t) => {
          if (t.sent + t.retried + t.failed > 0) log({ event: 'notifications_delivered', ...t });
        },
        (err: unknown) =>
          log({ event: 'notification_sender_error', error: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, o.everyMs ?? 1000);
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
