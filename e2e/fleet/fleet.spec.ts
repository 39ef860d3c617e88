/** Issue 16: the Fleet page lists the migrator worker with its applied version, beside the proxies. */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

test('the migrator is listed with the version it applied, and follows a publish', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, 'viewer');
  await page.goto(consoleUrl('/fleet'));
  const migrator = page.locator('tr', { has: page.getByTestId('worker-kind').filter({ hasText: 'migrator' }) });
  await expect(migrator).toBeVisible({ timeout: 30_000 });
  await expect(migrator).toContainText('all regions');
  const { version } = await adminApi().degradation.setKey.mutate({
    key: `stable_fleet_${Date.now()}`,
    ratio: 0.01,
    expiresInMinutes: 1,
    reason: 'e2e: fleet version',
  });
  await expect(migrator).toContainText(`v${version} (latest)`, { timeout: 30_000 });
  await expect(
    page.locator('tr', { has: page.getByTestId('worker-kind').filter({ hasText: 'proxy' }) }).first(),
  ).toContainText(`v${version}`);
});
