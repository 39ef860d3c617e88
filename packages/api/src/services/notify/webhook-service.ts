/**
 * Webhook configuration (admin-only, every change audited with the secret and URL redacted),
 * the recent deliveries, and "notify test": a test event queued for one or every enabled
 * webhook and delivered at once, so the caller sees whether it arrived.
 */
import { enqueueNotification } from '@switchyard/db/notify';
import type { Webhook } from '@switchyard/db/types';
import type { Db } from '../../db.ts';
import { apiError } from '../../errors.ts';
import type { Actor } from '../../roles.ts';
import type {
  TNotifyTestResponse,
  TWebhookUpsertRequest,
  TWebhookView,
} from '../../routers/notifications/notifications.types.ts';
import { writeAudit } from '../audit-service.ts';
import { secretFingerprint } from '../secret-redaction.ts';
import { WEBHOOK_FORMATS, type TWebhookFormat } from './format.ts';
import { deliverDue } from './sender.ts';

/** `https://hooks.slack.com/… [secret 1a2b3c4d]`: the origin, and a fingerprint that changes with the URL. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const rest = u.pathname === '/' && u.search === '' ? '' : '/…';
    return `${u.origin}${rest} ${secretFingerprint(url)}`;
  } catch {
    return '[secret]';
  }
}

const formatOf = (f: string): TWebhookFormat =>
  (WEBHOOK_FORMATS as readonly string[]).includes(f) ? (f as TWebhookFormat) : 'json';

export async function listWebhooks(db: Db): Promise<TWebhookView[]> {
  const [hooks, counts] = await Promise.all([
    db.webhook.findMany({ orderBy: { name: 'asc' } }),
    db.notificationOutbox.groupBy({ by: ['webhookId'], _count: { _all: true, sentAt: true, failedAt: true } }),
  ]);
  return hooks.map((h) => {
    const c = counts.find((x) => x.webhookId === h.id)?._count;
    const all = c?._all ?? 0;
    const sent = c?.sentAt ?? 0;
    const failed = c?.failedAt ?? 0;
    return {
      id: h.id,
      name: h.name,
      url: redactUrl(h.url),
      format: formatOf(h.format),
      events: h.events,
      hasSecret: h.secret !== null,
      enabled: h.enabled,
      createdBy: h.createdBy,
      updatedAt: h.updatedAt.toISOString(),
      pending: all - sent - failed,
      sent,
      failed,
    };
  });
}

const auditView = (h: Webhook | null) =>
  h
    ? {
        name: h.name,
        url: redactUrl(h.url),
        format: h.format,
        events: h.events,
        hasSecret: h.secret !== null,
        enabled: h.enabled,
      }
    : null;

export async function upsertWebhook(db: Db, actor: Actor, input: TWebhookUpsertRequest): Promise<TWebhookView> {
  const before = await db.webhook.findUnique({ where: { name: input.name } });
  const entry = {
    actor: actor.email,
    action: before ? 'notifications.update' : 'notifications.create',
    target: input.name,
    reason: input.reason,
  };
  if (!before && input.url === undefined) {
    const error = apiError('INVALID_INPUT', 'a new webhook needs a url');
    await writeAudit(db, { ...entry, outcome: 'error', after: { error: error.code, message: error.message } });
    throw error;
  }
  const data = {
    format: input.format,
    events: input.events,
    enabled: input.enabled,
    ...(input.url === undefined ? {} : { url: input.url }),
    ...(input.secret === undefined ? {} : { secret: input.secret }),
  };
  const after = before
    ? await db.webhook.update({ where: { id: before.id }, data })
    : await db.webhook.create({ data: { ...data, name: input.name, url: input.url ?? '', createdBy: actor.email } });
  await writeAudit(db, { ...entry, outcome: 'ok', before: auditView(before), after: auditView(after) });
  const view = (await listWebhooks(db)).find((h) => h.id === after.id);
  if (!view) throw apiError('NOT_FOUND', `webhook '${input.name}' vanished while saving; reload`);
  return view;
}

export async function removeWebhook(
  db: Db,
  actor: Actor,
  input: { name: string; reason: string },
): Promise<{ ok: boolean }> {
  const before = await db.webhook.findUnique({ where: { name: input.name } });
  const entry = { actor: actor.email, action: 'notifications.remove', target: input.name, reason: input.reason };
  if (!before) {
    const error = apiError('NOT_FOUND', `no webhook '${input.name}'`);
    await writeAudit(db, { ...entry, outcome: 'error', after: { error: error.code, message: error.message } });
    throw error;
  }
  await db.$transaction([
    db.notificationOutbox.deleteMany({ where: { webhookId: before.id, sentAt: null } }),
    db.webhook.delete({ where: { id: before.id } }),
  ]);
  await writeAudit(db, { ...entry, outcome: 'ok', before: auditView(before) });
  return { ok: true };
}

export async function notifyTest(
  db: Db,
  actor: Actor,
  input: { webhook?: string | undefined; reason?: string | undefined },
): Promise<TNotifyTestResponse> {
  const reason = input.reason ?? 'notify test';
  const hooks = await db.webhook.findMany({
    where: input.webhook ? { name: input.webhook } : { enabled: true },
    orderBy: { name: 'asc' },
  });
  if (input.webhook && hooks.length === 0)
    throw apiError('NOT_FOUND', `no webhook '${input.webhook}'; list them with syctl notify list`);
  const at = new Date().toISOString();
  const event = {
    type: 'test' as const,
    severity: 'info' as const,
    title: 'Switchyard test notification',
    summary: `sent by ${actor.email}: ${reason}`,
    fields: { actor: actor.email },
    at,
  };
  const startedAt = new Date(Date.now() - 1);
  for (const h of hooks) await enqueueNotification(db, event, h.id);
  const mine = await db.notificationOutbox.findMany({
    where: { event: 'test', sentAt: null, createdAt: { gte: startedAt }, webhookId: { in: hooks.map((h) => h.id) } },
    select: { id: true },
  });
  await deliverDue(db, { timeoutMs: 5000, ids: mine.map((r) => r.id) });
  const rows = await db.notificationOutbox.findMany({ where: { id: { in: mine.map((r) => r.id) } } });
  const results = hooks.map((h) => {
    const r = rows.find((x) => x.webhookId === h.id);
    return {
      webhook: h.name,
      delivered: r?.sentAt != null,
      attempts: r?.attempts ?? 0,
      error: r?.sentAt != null ? null : (r?.lastError ?? 'not attempted yet'),
    };
  });
  await writeAudit(db, {
    actor: actor.email,
    action: 'notifications.test',
    target: input.webhook ?? '*',
    reason,
    outcome: results.every((r) => r.delivered) ? 'ok' : 'error',
    after: { results },
  });
  return { results };
}

export async function outbox(db: Db, limit: number) {
  const rows = await db.notificationOutbox.findMany({ orderBy: { createdAt: 'desc' }, take: limit });
  const names = new Map((await db.webhook.findMany({ select: { id: true, name: true } })).map((h) => [h.id, h.name]));
  const iso = (d: Date | null): string | null => d?.toISOString() ?? null;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      webhook: names.get(r.webhookId) ?? '(deleted)',
      event: r.event,
      attempts: r.attempts,
      createdAt: r.createdAt.toISOString(),
      sentAt: iso(r.sentAt),
      failedAt: iso(r.failedAt),
      nextAttemptAt: r.nextAttemptAt.toISOString(),
      lastError: r.lastError,
    })),
  };
}
