/**
 * `syctl notify list|test` (issue 17 §3): the webhooks that receive result broadcasts, and a
 * test message sent now to one (`--webhook`) or every enabled webhook, with each one's result.
 * Webhooks are configured on the console's Notifications page (admin-only, audited).
 */
import { z } from 'zod';
import { withApi } from '../api-client.ts';
import { defineCommand, type Command } from '../framework/command.ts';

const listCommand = defineCommand({
  path: ['notify', 'list'],
  summary: 'webhooks for result broadcasts: format, events, deliveries (URLs redacted; admin)',
  positionals: [],
  flags: {},
  args: z.object({ json: z.boolean().optional() }),
  async run(_a, ctx) {
    const r = await withApi(ctx.cwd, (api) => api.notifications.list.query());
    const lines = r.webhooks.map(
      (h) =>
        `${h.name.padEnd(20)} ${h.enabled ? 'on ' : 'off'} ${h.format.padEnd(6)} ${h.url}  events: ${h.events.length ? h.events.join(',') : 'all'}  sent ${h.sent}, pending ${h.pending}, failed ${h.failed}`,
    );
    return {
      json: r,
      text: lines.length ? lines.join('\n') : 'no webhooks; add one on the console Notifications page',
    };
  },
});

const testCommand = defineCommand({
  path: ['notify', 'test'],
  positionals: [],
  summary: 'send a test message now to every enabled webhook (or --webhook <name>) and show what each answered',
  flags: {
    webhook: { type: 'string', description: 'only this webhook (by name)' },
    reason: { type: 'string', description: 'text carried in the test message (default "notify test")' },
  },
  args: z.object({
    webhook: z.string().min(1).optional(),
    reason: z.string().trim().min(3).max(500).optional(),
    json: z.boolean().optional(),
  }),
  async run(a, ctx) {
    const r = await withApi(ctx.cwd, (api) =>
      api.notifications.test.mutate({
        ...(a.webhook ? { webhook: a.webhook } : {}),
        ...(a.reason ? { reason: a.reason } : {}),
      }),
    );
    const lines = r.results.map(
      (x) =>
        `${x.webhook}: ${x.delivered ? 'delivered' : `not delivered (${x.error ?? 'unknown'}); the sender retries with backoff`}`,
    );
    return {
      json: r,
      text: lines.length ? lines.join('\n') : 'no enabled webhooks; add one on the console Notifications page',
    };
  },
});

export const notifyCommands: readonly Command[] = [listCommand, testCommand];
