/**
 * Issue 18: canary publish in the console. Two extra workers (heartbeats only) sort after the
 * real proxies, so the real proxy of each region is the canary; the Fleet page shows the
 * canary watching, then reverted by the console's loop once the canary reports errors.
 */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';
import { e2eStack } from '../support/stack.ts';

function summary(requests: number, errors: number, p99: number) {
  return {
    windowSec: 5,
    requests,
    errors,
    byCaller: {},
    byInstance: {},
    latencyMs: { p50: 1, p99 },
    drops: { callers: {}, keys: {} },
    cache: { hits: 0, misses: 0, staleServes: 0 },
    breakers: {},
    hotKeys: [],
    bigKeys: [],
    inFlight: 0,
  };
}

test('a canary that reports errors is reverted automatically, and the Fleet page shows it', async ({ page }) => {
  test.setTimeout(120_000);
  const api = adminApi();
  const { token } = await api.workerTokens.create.mutate({ name: `e2e-canary-${Date.now()}` });
  const beat = async (
    name: string,
    region: string,
    version: number,
    metrics?: ReturnType<typeof summary>,
  ): Promise<void> => {
    const res = await fetch(new URL('/api/heartbeat', e2eStack().console.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({
        name,
        region,
        appliedVersion: version,
        startedAt: new Date().toISOString(),
        uptimeSec: 5,
        ...(metrics ? { summary: metrics } : {}),
      }),
    });
    expect(res.status).toBe(200);
  };
  // A failback that an earlier spec started may still be publishing its last step; any newer
  // publish supersedes a canary (by design), so start from a quiet console.
  await expect.poll(async () => (await api.failover.status.query()).unfinished.length, { timeout: 30_000 }).toBe(0);
  const stable = (await api.fleet.list.query()).convergence.publishedVersion ?? 0;
  // The rest of the fleet: healthy, with a p99 above anything the real proxies report.
  const healthy = summary(1_000, 10, 10_000);
  await beat('proxy-gz-9', 'gz', stable, healthy);
  await beat('proxy-sh-9', 'sh', stable, healthy);
  const draft = await api.draft.get.query();
  const gz = draft.snapshot.regions.find((r) => r.name === 'gz')!;
  const edit = await api.regions.upsert.mutate({
    expectedRevision: draft.revision,
    region: { ...gz, label: `Canary ${Date.now()}` },
  });
  const published = await api.draft.publish.mutate({
    expectedRevision: edit.revision,
    reason: 'e2e: canary',
    canary: { watchSeconds: 600 },
  });

  await login(page, 'viewer');
  await page.goto(consoleUrl('/fleet'));
  await expect(page.getByTestId('canary-card')).toContainText(`Canary v${published.version}`);
  await expect(page.getByTestId('canary-state')).toHaveText('watching');
  await expect(page.getByTestId('worker-proxy-gz-1').getByTestId('worker-canary')).toBeVisible();
  await expect(page.getByTestId('worker-proxy-gz-9').getByTestId('worker-canary')).toHaveCount(0);

  // The canary of gz reports 90 % errors, the rest 1 % (the real canaries' own traffic dilutes the 90 %).
  const bad = Date.now();
  await beat('proxy-gz-9', 'gz', stable, healthy);
  await beat('proxy-sh-9', 'sh', stable, healthy);
  await beat('proxy-gz-1', 'gz', published.version, summary(1_000, 900, 2));
  await expect(page.getByTestId('canary-state')).toHaveText('reverted', { timeout: 30_000 });
  console.log(JSON.stringify({ bench: 'canary-revert-e2e', msFromBadHeartbeatToRevertShown: Date.now() - bad }));
  // The error-rate breach leads the verdict; other breaches follow it (the real canary proxy also
  // carries the demo's throttled hot key, which counts as drops).
  await expect(page.getByTestId('canary-verdict')).toContainText(/^error rate \d+(\.\d)?% vs 1% on the rest(; .+)?$/);
  const latest = (await api.fleet.list.query()).convergence.publishedVersion ?? 0;
  expect(latest).toBeGreaterThan(published.version);
  // Until they fall silent (15 s), the two extra workers must not read as stragglers to later specs.
  await beat('proxy-gz-9', 'gz', latest);
  await beat('proxy-sh-9', 'sh', latest);
});
