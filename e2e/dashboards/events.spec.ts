/** Issue 16: event markers with who/why on every dashboard chart; one time convention (defect 12). */
import { expect, test } from '@playwright/test';
import { adminApi, screenshotDir } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

const DATA_WAIT_MS = 45_000;

test('a publish appears as a marker on the charts; hovering it says what, when, who and why', async ({ page }) => {
  test.setTimeout(120_000);
  const key = `stable_marker_${Date.now()}`;
  await adminApi().degradation.setKey.mutate({ key, ratio: 0.1, expiresInMinutes: 5, reason: 'e2e: marker reason' });
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, 'viewer');
  await page.goto(consoleUrl('/dashboards'));
  const latency = page.getByTestId('chart-latency');
  await expect(latency).toHaveAttribute('data-has-data', 'true', { timeout: DATA_WAIT_MS });
  for (const id of ['chart-traffic-region', 'chart-traffic-caller', 'chart-latency', 'chart-drops', 'chart-errors']) {
    await expect(page.getByTestId(id)).toHaveAttribute('data-events', /^[1-9]/);
  }
  const marker = latency.locator('[data-testid="chart-event"][data-kind="drop-set"]').last();
  await marker.hover();
  const caption = latency.getByTestId('chart-event-caption');
  await expect(caption).toContainText(`drop rule set: key ${key}`);
  await expect(caption).toContainText('by admin@switchyard.local');
  await expect(caption).toContainText('“e2e: marker reason”');
  // 24-hour time with the date and the zone.
  await expect(caption).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  // Axis ticks carry the date too, even in the 15-minute window.
  await expect(
    latency
      .locator('svg text')
      .filter({ hasText: /^\d{2}-\d{2} \d{2}:\d{2}$/ })
      .first(),
  ).toBeVisible();
  await expect(latency.locator('svg text').filter({ hasText: /AM|PM/ })).toHaveCount(0);
  await latency.screenshot({ path: `${screenshotDir}/chart-with-event-markers.png` });
  await adminApi().degradation.clearKey.mutate({ key, reason: 'e2e: cleanup' });
});

test('the UTC/local switch is followed by charts, tables and the audit filter', async ({ page }) => {
  await login(page, 'viewer');
  await page.goto(consoleUrl('/audit'));
  const firstTime = page.locator('time').first();
  await expect(firstTime).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
  await page.getByTestId('time-zone').selectOption('local');
  await expect(firstTime).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC[+-]\d{2}:\d{2}/);
  // The filter takes the same form, not mm/dd/yyyy, and says what is wrong otherwise.
  await page.getByTestId('audit-from').fill('12/06/2026');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('write it as YYYY-MM-DD HH:mm')).toBeVisible();
  await page.getByTestId('audit-from').fill('2000-01-01 00:00');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('write it as YYYY-MM-DD HH:mm')).toHaveCount(0);
  // The audit log shows the change the marker spec made, with its reason.
  await page.getByLabel('Action').fill('degradation.setKey');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByText('e2e: marker reason').first()).toBeVisible();
  await page.getByTestId('time-zone').selectOption('utc');
  // The choice is remembered across pages.
  await page.goto(consoleUrl('/versions'));
  await expect(page.getByTestId('time-zone')).toHaveValue('utc');
});
