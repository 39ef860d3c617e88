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

test('an operator drops 20% of the hottest key from the table, and the drops are counted', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'admin');
  await page.goto(consoleUrl('/dashboards'));
  const hot = page.getByTestId('hot-keys-table');
  await expect(hot).toBeVisible({ timeout: DATA_WAIT_MS });
  const hottest = (await hot.locator('tbody tr').first().locator('td').first().textContent())?.trim() ?? '';
  expect(hottest).not.toBe('');
  await hot.getByTestId(`hot-key-${hottest}`).getByRole('button', { name: 'Drop 20%' }).click();
  const dialog = page.getByTestId('drop-key-dialog');
  await expect(dialog.getByLabel('Drop %')).toHaveValue('20');
  await dialog.getByRole('button', { name: 'Confirm drop 20%' }).click();
  await expect(dialog.getByTestId('drop-key-saved')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(hot.getByTestId(`hot-key-${hottest}`).locator('td').nth(4)).toHaveText('20%');

  // The simulator keeps hammering the key; the workers drop a fifth and report it.
  await page.goto(consoleUrl('/degradation'));
  const dropped = page.getByTestId(`key-drop-${hottest}`).locator('td').nth(3);
  await expect(dropped).toHaveText(/^[1-9]\d*$/, { timeout: DATA_WAIT_MS });
});
