import { expect, test } from '@playwright/test';
import { instanceClient, meetingIdWithCode, proxyClient } from '../support/redis.ts';
import { consoleUrl, login } from '../support/session.ts';

/** Writes through the gz proxy until the value shows up on `instance` (the route has converged). */
async function expectWriteLandsOn(instance: string, key: string): Promise<void> {
  const proxy = proxyClient('gz');
  const direct = instanceClient(instance);
  try {
    await expect
      .poll(
        async () => {
          const value = `v-${Date.now()}`;
          await proxy.set(key, value);
          return (await direct.get(key)) === value;
        },
        { timeout: 30_000, intervals: [250] },
      )
      .toBe(true);
  } finally {
    proxy.disconnect();
    direct.disconnect();
  }
}

test('failback shows what must resync and the lag, and needs the region typed', async ({ page }) => {
  const key = meetingIdWithCode(1, 515151);
  await login(page, 'admin');
  await page.goto(consoleUrl('/failover'));
  await page.getByRole('button', { name: 'Route gz traffic to sh' }).click();
  // The failover preview says what happens to the old homes (fencing).
  await expect(page.getByTestId('impact-fencing')).toContainText('becomes a replica of gz-personal-sh');
  await page.getByLabel('Type gz to confirm').fill('gz');
  await page.getByLabel('Reason').fill('e2e: failback drill');
  await page.getByRole('button', { name: 'Confirm failover' }).click();
  await expectWriteLandsOn('gz-personal-sh', key);
  // The old home is fenced: it replicates the promoted mirror and refuses direct writes.
  await expect(page.getByTestId('fences-gz')).toContainText('fenced');
  const home = instanceClient('gz-personal');
  try {
    await expect(home.set('direct-writer', 'x')).rejects.toThrow(/READONLY/);
  } finally {
    home.disconnect();
  }

  await page.getByTestId('failback-gz').click();
  const dialog = page.getByTestId('clear-failover-dialog');
  // Preview: the fenced homes only resync the replication lag.
  await expect(dialog.getByTestId('failback-ready')).toBeVisible();
  await expect(dialog.getByTestId('failback-pair-gz-personal')).toContainText('fenced');
  await expect(dialog.getByTestId('failback-resync-gz-personal')).toContainText('partial');
  await expect(dialog.getByTestId('failback-lag-gz-personal')).toContainText(/\d+(\.\d+)? (B|KiB|MiB)/);

  const confirm = dialog.getByRole('button', { name: 'Confirm failback' });
  await dialog.getByLabel('Reason').fill('e2e: failback drill over');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type gz to confirm').fill('sh');
  await expect(dialog.getByText('type exactly "gz"')).toBeVisible();
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type gz to confirm').fill('gz');
  await expect(confirm).toBeEnabled();
  await confirm.click();

  await expect(page.getByTestId('failover-state-gz')).toHaveText('serving at home', { timeout: 30_000 });
  await expectWriteLandsOn('gz-personal', key);
  await expect(page.getByTestId('workflow-banner')).toHaveCount(0);
  await expect(page.getByTestId('recent-workflows')).toContainText('failback gz → sh: done');
});
