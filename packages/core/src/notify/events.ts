/**
 * Result broadcasts (issue 17 §3, seed 001 §8.3.3.2 "对账的结果需要及时播报知会"): the event
 * every producer writes to the notification outbox. One generic shape (a title, a one-line
 * summary, a severity and flat fields) so every webhook format can render every event.
 */
import { z } from 'zod';

export const NOTIFICATION_EVENT_TYPES = [
  'recon.finished',
  'failover.finished',
  'failback.finished',
  'deadletter.new',
  'droprule.set',
  'droprule.cleared',
  'droprule.expired',
  'throttle.set',
  'throttle.cleared',
  'throttle.expired',
  'writelog.lag',
  'safety.breakglass',
  'test',
] as const;
export const ZNotificationEventType = z.enum(NOTIFICATION_EVENT_TYPES);
export type TNotificationEventType = z.infer<typeof ZNotificationEventType>;

export const ZNotificationEvent = z.object({
  type: ZNotificationEventType,
  severity: z.enum(['info', 'warning', 'critical']),
  title: z.string().min(1).max(200),
  summary: z.string().max(2000),
  fields: z.record(z.string(), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()])),
  /** ISO time of what happened. */
  at: z.string(),
});
export type TNotificationEvent = z.infer<typeof ZNotificationEvent>;

/** How a webhook renders an event (packages/api services/notify/format.ts). */
export const WEBHOOK_FORMATS = ['json', 'slack', 'wecom'] as const;
export type TWebhookFormat = (typeof WEBHOOK_FORMATS)[number];
