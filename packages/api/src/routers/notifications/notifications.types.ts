/** `notifications.*`: webhooks for result broadcasts (admin-only, audited) and their deliveries. */
import { NOTIFICATION_EVENT_TYPES, WEBHOOK_FORMATS, ZNotificationEventType } from '@switchyard/core';
import { z } from 'zod';
import { ZReason } from '../shared.types.ts';

export const ZWebhookUrl = z.url({ protocol: /^https?$/, error: 'give an http:// or https:// URL' }).max(2000);

export const ZWebhookUpsertRequest = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, . _ - only'),
  /** Omit when editing to keep the current URL (views show it redacted). */
  url: ZWebhookUrl.optional(),
  format: z.enum(WEBHOOK_FORMATS, { error: 'format must be json, slack or wecom' }),
  events: z.array(z.enum(NOTIFICATION_EVENT_TYPES)).max(NOTIFICATION_EVENT_TYPES.length).default([]),
  /** Omit to keep, null to remove, a string to set. */
  secret: z.string().min(8).max(200).nullable().optional(),
  enabled: z.boolean().default(true),
  reason: ZReason,
});
export type TWebhookUpsertRequest = z.infer<typeof ZWebhookUpsertRequest>;

export const ZWebhookView = z.object({
  id: z.string(),
  name: z.string(),
  /** Origin only plus a fingerprint: webhook URLs carry their token in the path or query. */
  url: z.string(),
  format: z.enum(WEBHOOK_FORMATS),
  events: z.array(z.string()),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
  createdBy: z.string(),
  updatedAt: z.string(),
  pending: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
});
export type TWebhookView = z.infer<typeof ZWebhookView>;

export const ZWebhookListResponse = z.object({
  webhooks: z.array(ZWebhookView),
  eventTypes: z.array(ZNotificationEventType),
});

export const ZWebhookRemoveRequest = z.object({ name: z.string().min(1).max(100), reason: ZReason });
export const ZOkResponse = z.object({ ok: z.boolean() });

export const ZNotifyTestRequest = z.object({
  webhook: z.string().min(1).max(100).optional(),
  reason: ZReason.optional(),
});
export const ZNotifyTestResponse = z.object({
  results: z.array(
    z.object({ webhook: z.string(), delivered: z.boolean(), attempts: z.number().int(), error: z.string().nullable() }),
  ),
});
export type TNotifyTestResponse = z.infer<typeof ZNotifyTestResponse>;

export const ZOutboxRequest = z.object({ limit: z.number().int().min(1).max(500).default(50) });
export const ZOutboxRow = z.object({
  id: z.string(),
  webhook: z.string(),
  event: z.string(),
  attempts: z.number().int(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
});
export const ZOutboxResponse = z.object({ rows: z.array(ZOutboxRow) });
