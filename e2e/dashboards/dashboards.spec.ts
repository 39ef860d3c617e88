import { expect, test } from '@playwright/test';
import { consoleUrl, login } from '../support/session.ts';

// The e2e stack runs the traffic simulator; workers heartbeat their summaries every few
// seconds, so data shows up within a couple of 10 s buckets.
const DATA_WAIT_MS = 45_000;

test('the dashboards chart the simulator traffic and list its hot key', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, 'viewer');
  await page.goto(consoleUrl('/dashboards'));
  await expect(page.getByRole('heading', { name: 'Dashboards' })).toBeVisible();

  const byRegion = page.getByTestId('chart-traffic-region');
  await expect(byRegion).toHaveAttribute('data-has-data', 'true', { timeout: DATA_WAIT_MS });
  await expect(byRegion).toHaveAttribute('data-series', /gz/);
  await expect(page.getByTestId('chart-traffic-caller')).toHaveAttribute('data-series', /demo/);
  await expect(page.getByTestId('chart-latency')).toHaveAttribute('data-has-data', 'true');
  // Recharts drew lines, not just an empty frame.
  await expect(byRegion.locator('.recharts-area').first()).toBeVisible();

  const hot = page.getByTestId('hot-keys-table');
  await expect(hot).toBeVisible({ timeout: DATA_WAIT_MS });
  await expect(hot.locator('tbody tr').first()).toBeVisible();
  // A viewer sees the actions but may not use them.
  await expect(hot.getByRole('button', { name: /^Drop/ }).first()).toBeDisabled();
});

test('an operator opens the drop confirmation from the hot-key table', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page, 'admin');
  await page.goto(consoleUrl('/dashboards'));
  const hot = page.getByTestId('hot-keys-table');
  await expect(hot).toBeVisible({ timeout: DATA_WAIT_MS });
  await hot.getByRole('button', { name: /^Drop/ }).first().click();
  const dialog = page.getByTestId('drop-key-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Drop %')).toHaveValue('20');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});
