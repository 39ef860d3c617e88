/**
 * Result broadcasts end to end with real Postgres and a real HTTP receiver: the outbox is
 * retried with backoff against a receiver that fails twice, every format's body arrives in
 * its shape, webhooks are admin-only with the URL and secret redacted, and every change is audited.
 */
import { enqueueNotification } from '@switchyard/db/notify';
import { startWebhookReceiver, type WebhookReceiver } from '@switchyard/stack/harness';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../testing/test-api.ts';
import { notifyExpiredDropRules } from './drop-expiry.ts';
import { deliverDue, startNotificationSender } from './sender.ts';

let api: TestApi;
const receivers: WebhookReceiver[] = [];
beforeAll(async () => {
  api = await startTestApi();
});
afterEach(async () => {
  await api.db.notificationOutbox.deleteMany({});
  await api.db.webhook.deleteMany({});
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await api?.stop();
});

async function receiver(failFirst = 0): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver({ failFirst });
  receivers.push(r);
  return r;
}

const event = {
  type: 'recon.finished' as const,
  severity: 'info' as const,
  title: 'Reconciliation m1 forward finished',
  summary: '0 unresolved',
  fields: { migration: 'm1', unresolved: 0 },
  at: new Date().toISOString(),
};

/** Runs `n` sender passes, as the console's loop does. */
async function passes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await deliverDue(api.db, { backoffBaseMs: 1, backoffMaxMs: 5 });
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the outbox', () => {
  it('retries with backoff until a receiver that failed twice accepts, and records the attempts', async () => {
    const r = await receiver(2);
    await api.as('admin').notifications.upsert({ name: 'ops', url: r.url, format: 'json', reason: 'ops channel' });
    expect(await enqueueNotification(api.db, event)).toBe(1);
    const first = await deliverDue(api.db, { backoffBaseMs: 1, backoffMaxMs: 5 });
    expect(first).toEqual({ sent: 0, retried: 1, failed: 0 });
    const row = await api.db.notificationOutbox.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, sentAt: null, lastError: expect.stringMatching(/^HTTP 503/) });
    await passes(5);
    const done = await api.db.notificationOutbox.findFirstOrThrow();
    expect(done).toMatchObject({ attempts: 3, failedAt: null });
    expect(done.sentAt).not.toBeNull();
    expect(r.received.map((x) => x.status)).toEqual([503, 503, 200]);
    expect(r.received[2]!.body).toEqual({ source: 'switchyard', ...event });
    expect(r.received[2]!.event).toBe('recon.finished');
  });

  it('the sender loop delivers what a stopped one left mid-retry (a console restart)', async () => {
    const r = await receiver(1);
    await api
      .as('admin')
      .notifications.upsert({ name: 'restart', url: r.url, format: 'json', reason: 'restart drill' });
    await enqueueNotification(api.db, event);
    const lines: Record<string, unknown>[] = [];
    // First console: one failed attempt, then a long backoff; it stops before the retry.
    const first = startNotificationSender(api.db, (l) => lines.push(l), { everyMs: 20, backoffBaseMs: 300 });
    while (r.received.length < 1) await new Promise((res) => setTimeout(res, 20));
    await first.stop();
    expect((await api.db.notificationOutbox.findFirstOrThrow()).sentAt).toBeNull();
    // The next console picks the row up from Postgres once it is due.
    const second = startNotificationSender(api.db, (l) => lines.push(l), { everyMs: 20, backoffBaseMs: 300 });
    try {
      while ((await api.db.notificationOutbox.findFirstOrThrow()).sentAt === null)
        await new Promise((res) => setTimeout(res, 50));
    } finally {
      await second.stop();
    }
    expect(r.received.map((x) => x.status)).toEqual([503, 200]);
    expect(lines).toEqual(
      expect.arrayContaining([expect.objectContaining({ event: 'notifications_delivered', sent: 1 })]),
    );
  });

  it('gives up after the maximum attempts and keeps the last error', async () => {
    const r = await receiver(100);
    await api.as('admin').notifications.upsert({ name: 'down', url: r.url, format: 'json', reason: 'always failing' });
    await enqueueNotification(api.db, event);
    for (let i = 0; i < 4; i++) {
      await deliverDue(api.db, { maxAttempts: 3, backoffBaseMs: 1, backoffMaxMs: 2 });
      await new Promise((res) => setTimeout(res, 10));
    }
    const row = await api.db.notificationOutbox.findFirstOrThrow();
    expect(row).toMatchObject({ attempts: 3, sentAt: null, lastError: expect.stringMatching(/HTTP 503/) });
    expect(row.failedAt).not.toBeNull();
    expect(r.received).toHaveLength(3);
  });

  it('delivers Slack- and WeCom-shaped bodies, signs with the secret, and honours event subscriptions', async () => {
    const r = await receiver();
    const admin = api.as('admin');
    await admin.notifications.upsert({
      name: 'slack',
      url: `${r.url}/slack`,
      format: 'slack',
      secret: 'slack-signing-secret',
      reason: 'slack',
    });
    await admin.notifications.upsert({
      name: 'wecom',
      url: `${r.url}/wecom?key=abc`,
      format: 'wecom',
      reason: 'wecom',
    });
    await admin.notifications.upsert({
      name: 'failover-only',
      url: `${r.url}/fo`,
      format: 'json',
      events: ['failover.finished'],
      reason: 'only failovers',
    });
    expect(await enqueueNotification(api.db, event)).toBe(2);
    await passes(1);
    const slack = r.received.find((x) => x.path === '/hook/slack')!;
    expect(slack.body).toMatchObject({
      text: 'Reconciliation m1 forward finished: 0 unresolved',
      blocks: expect.arrayContaining([expect.objectContaining({ type: 'section' })]),
    });
    expect(slack.signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    const wecom = r.received.find((x) => x.path.startsWith('/hook/wecom'))!;
    expect(wecom.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('Reconciliation m1 forward finished') },
    });
    expect(r.received.some((x) => x.path === '/hook/fo')).toBe(false);
  });
});

describe('webhook configuration', () => {
  it('is admin-only, validates the URL, redacts URL and secret, and audits every change', async () => {
    const r = await receiver();
    await expect(api.as('operator').notifications.list()).rejects.toThrow();
    await expect(
      api
        .as('admin')
        .notifications.upsert({ name: 'bad', url: 'ftp://example.com/x', format: 'json', reason: 'bad url' }),
    ).rejects.toThrow(/http/);
    const view = await api.as('admin').notifications.upsert({
      name: 'ops-audit',
      url: `${r.url}?token=very-secret-token`,
      format: 'wecom',
      secret: 'shared-secret-1',
      reason: 'ops',
    });
    expect(view.url).not.toContain('very-secret-token');
    expect(view.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/… \[secret [0-9a-f]{8}\]$/);
    expect(view.hasSecret).toBe(true);
    const audit = await api.db.auditEntry.findMany({ where: { target: 'ops-audit' } });
    expect(audit.map((a) => a.action)).toEqual(['notifications.create']);
    expect(JSON.stringify(audit)).not.toMatch(/very-secret-token|shared-secret-1/);
    // Editing without a URL keeps it; removing audits too.
    await api.as('admin').notifications.upsert({ name: 'ops-audit', format: 'json', enabled: false, reason: 'pause' });
    expect((await api.db.webhook.findUniqueOrThrow({ where: { name: 'ops-audit' } })).url).toContain(
      'very-secret-token',
    );
    await api.as('admin').notifications.remove({ name: 'ops-audit', reason: 'done' });
    expect(
      (await api.db.auditEntry.findMany({ where: { target: 'ops-audit' }, orderBy: { at: 'asc' } })).map(
        (a) => a.action,
      ),
    ).toEqual(['notifications.create', 'notifications.update', 'notifications.remove']);
  });

  it('notify test sends a test message now and reports per webhook', async () => {
    const ok = await receiver();
    const bad = await receiver(100);
    await api.as('admin').notifications.upsert({ name: 'a-ok', url: ok.url, format: 'json', reason: 'the ok hook' });
    await api
      .as('admin')
      .notifications.upsert({ name: 'b-bad', url: bad.url, format: 'slack', reason: 'the bad hook' });
    const { results } = await api.as('admin').notifications.test({});
    expect(results).toEqual([
      { webhook: 'a-ok', delivered: true, attempts: 1, error: null },
      { webhook: 'b-bad', delivered: false, attempts: 1, error: expect.stringMatching(/HTTP 503/) },
    ]);
    expect(ok.received[0]!.body).toMatchObject({ type: 'test', title: 'Switchyard test notification' });
  });
});

describe('drop-rule broadcasts', () => {
  it('a rule set, cleared, and one that expires are each broadcast once', async () => {
    const r = await receiver();
    await api.as('admin').notifications.upsert({
      name: 'drops',
      url: r.url,
      format: 'json',
      events: ['droprule.set', 'droprule.cleared', 'droprule.expired'],
      reason: 'drop rules',
    });
    const op = api.as('operator');
    await op.degradation.setKey({ key: 'hot:1', ratio: 0.5, reason: 'hot key drill' });
    await op.degradation.clearKey({ key: 'hot:1', reason: 'drill over' });
    await op.degradation.setKey({ key: 'hot:2', ratio: 0.2, expiresInMinutes: 1, reason: 'short drop' });
    const seen = new Set<string>();
    expect(await notifyExpiredDropRules(api.db, seen)).toBe(0); // not expired yet
    const later = new Date(Date.now() + 2 * 60_000);
    expect(await notifyExpiredDropRules(api.db, seen, later)).toBe(1);
    expect(await notifyExpiredDropRules(api.db, new Set(), later)).toBe(0); // another process: the outbox row tells it
    await passes(1);
    const got = r.received
      .map((x) => x.body as { type: string; fields: { target: string } })
      .map((b) => `${b.type} ${b.fields.target}`);
    expect(got.sort()).toEqual([
      'droprule.cleared hot:1',
      'droprule.expired hot:2',
      'droprule.set hot:1',
      'droprule.set hot:2',
    ]);
  });
});

describe('throttle broadcasts', () => {
  it('a throttle set, cleared, and one that expires are each broadcast once, like drop rules', async () => {
    const r = await receiver();
    await api.as('admin').notifications.upsert({
      name: 'throttles',
      url: r.url,
      format: 'json',
      events: ['throttle.set', 'throttle.cleared', 'throttle.expired'],
      reason: 'throttles',
    });
    const op = api.as('operator');
    const later = new Date(Date.now() + 2 * 60_000);
    // Rules earlier tests left behind that expire by then are this process's, announced already.
    const seen = new Set<string>();
    await notifyExpiredDropRules(api.db, seen, later);
    await api.db.notificationOutbox.deleteMany({});
    await op.degradation.setThrottle({ key: 'hot:t1', qps: 100, reason: 'hot key drill' });
    await op.degradation.clearThrottle({ key: 'hot:t1', reason: 'drill over' });
    await op.degradation.setThrottle({ key: 'hot:t2', qps: 7, expiresInMinutes: 1, reason: 'short throttle' });
    await op.degradation.setKey({ key: 'hot:d', ratio: 0.1, reason: 'a drop rule: not this webhook' });
    expect(await notifyExpiredDropRules(api.db, seen)).toBe(0);
    expect(await notifyExpiredDropRules(api.db, seen, later)).toBe(1);
    expect(
      await notifyExpiredDropRules(
        api.db,
        new Set([...seen].filter((id) => id.startsWith('caller') || id.startsWith('key'))),
        later,
      ),
    ).toBe(0);
    await passes(1);
    type B = { type: string; severity: string; fields: { key: string; qps: number | null } };
    const got = r.received.map((x) => x.body as B);
    expect(got.map((b) => `${b.type} ${b.fields.key} ${b.fields.qps}`).sort()).toEqual([
      'throttle.cleared hot:t1 null',
      'throttle.expired hot:t2 7',
      'throttle.set hot:t1 100',
      'throttle.set hot:t2 7',
    ]);
    expect(got.find((b) => b.type === 'throttle.set')?.severity).toBe('warning');
  });
});
