import { NOTIFICATION_EVENT_TYPES } from '@switchyard/db/notify';
import {
  listWebhooks,
  notifyTest,
  outbox,
  removeWebhook,
  upsertWebhook,
} from '../../services/notify/webhook-service.ts';
import { adminProcedure, router } from '../../trpc.ts';
import {
  ZNotifyTestRequest,
  ZNotifyTestResponse,
  ZOkResponse,
  ZOutboxRequest,
  ZOutboxResponse,
  ZWebhookListResponse,
  ZWebhookRemoveRequest,
  ZWebhookUpsertRequest,
  ZWebhookView,
} from './notifications.types.ts';

/** Webhooks hold tokens and reach outside: admin-only, read paths included. */
export const notificationsRouter = router({
  list: adminProcedure
    .output(ZWebhookListResponse)
    .query(async ({ ctx }) => ({ webhooks: await listWebhooks(ctx.db), eventTypes: [...NOTIFICATION_EVENT_TYPES] })),
  upsert: adminProcedure
    .input(ZWebhookUpsertRequest)
    .output(ZWebhookView)
    .mutation(({ ctx, input }) => upsertWebhook(ctx.db, ctx.actor, input)),
  remove: adminProcedure
    .input(ZWebhookRemoveRequest)
    .output(ZOkResponse)
    .mutation(({ ctx, input }) => removeWebhook(ctx.db, ctx.actor, input)),
  test: adminProcedure
    .input(ZNotifyTestRequest)
    .output(ZNotifyTestResponse)
    .mutation(({ ctx, input }) => notifyTest(ctx.db, ctx.actor, input)),
  outbox: adminProcedure
    .input(ZOutboxRequest)
    .output(ZOutboxResponse)
    .query(({ ctx, input }) => outbox(ctx.db, input.limit)),
});
