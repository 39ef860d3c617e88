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

test('ops flips gz traffic to sh with a confirmation, then fails back', async ({ page }) => {
  // Code 1 is gz/personal: home gz-personal, mirror gz-personal-sh (runs in sh).
  const key = meetingIdWithCode(1, 424242);
  await expectWriteLandsOn('gz-personal', key);

  await login(page, 'admin');
  await page.goto(consoleUrl('/failover'));
  await page.getByRole('button', { name: 'Route gz traffic to sh' }).click();

  const confirm = page.getByRole('button', { name: 'Confirm failover' });
  await expect(confirm).toBeDisabled();
  await page.getByLabel('Type gz to confirm').fill('gz');
  await page.getByLabel('Reason').fill('e2e: Guangzhou drill');
  await expect(confirm).toBeEnabled();
  await confirm.click();
  await expect(page.getByText(/converged/i)).toBeVisible({ timeout: 30_000 });

  // The gz proxy now writes code 1 to the promoted mirror in sh.
  await expectWriteLandsOn('gz-personal-sh', key);

  await page.getByRole('button', { name: 'Clear failover for gz' }).click();
  // Failback has a typed confirmation too (issue 15).
  await page.getByLabel('Type gz to confirm').fill('gz');
  await page.getByLabel('Reason').fill('e2e: drill over');
  await page.getByRole('button', { name: 'Confirm failback' }).click();
  await expectWriteLandsOn('gz-personal', key);
});
