/** Issue 16: the Overview shows what is going on now (defect 10, drop rules without expiry, traffic, markers). */
import { expect, test } from '@playwright/test';
import { adminApi, screenshotDir } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

const DATA_WAIT_MS = 45_000;

test('the Overview shows live traffic, an active drop rule without expiry and its marker, and failover state', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const key = `stable_${Date.now()}`;
  await adminApi().degradation.setKey.mutate({ key, ratio: 0.25, reason: 'e2e: overview forever rule' });
  try {
    await page.setViewportSize({ width: 1280, height: 800 });
    await login(page, 'viewer');
    await page.goto(consoleUrl('/'));
    // Defect 10: not "appear here once workers report" while the simulator's traffic is charted.
    await expect(page.getByTestId('overview-traffic-now')).toHaveText(/requests\/s now/, { timeout: DATA_WAIT_MS });
    await expect(page.getByTestId('traffic-dashboards')).not.toContainText('once workers report');
    await expect(page.getByTestId('overview-traffic-sparkline')).toHaveAttribute('data-has-data', 'true');
    const drops = page.getByTestId('overview-drops');
    await expect(drops).toContainText(`key ${key}`);
    await expect(drops).toContainText('25%');
    await expect(drops).toContainText('without expiry');
    await expect(page.getByTestId('overview-region-gz')).toContainText('at home');
    await expect(page.getByTestId('overview-migrations')).toBeVisible();
    // The publish of the rule is a marker on the sparkline.
    await expect(page.getByTestId('overview-traffic-sparkline')).toHaveAttribute('data-events', /^[1-9]/);
    await page.screenshot({ path: `${screenshotDir}/overview.png`, fullPage: true });
  } finally {
    await adminApi().degradation.clearKey.mutate({ key, reason: 'e2e: cleanup' });
  }
  await page.reload();
  await expect(page.getByTestId('overview-drops')).not.toContainText(`key ${key}`);
});
