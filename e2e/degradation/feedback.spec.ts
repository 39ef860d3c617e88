/** Issue 16 defects 1, 8 and 9: honest feedback on the Degradation page and the hot-key dialog. */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

const DATA_WAIT_MS = 45_000;

test('a key drop for a key no key type matches is published with a warning; the next attempt clears stale results', async ({
  page,
}) => {
  const typo = `stabel_${Date.now()}`;
  await login(page, 'operator');
  await page.goto(consoleUrl('/degradation'));
  const form = page.getByTestId('key-drop-form');
  await form.getByLabel('Key').fill(typo);
  await form.getByLabel('Drop %').fill('10');
  await form.getByLabel('Expires in (minutes)').fill('5');
  await form.getByLabel('Reason').fill('e2e: typo');
  await form.getByRole('button', { name: 'Set key drop' }).click();
  await expect(form.getByTestId('key-drop-saved')).toBeVisible();
  await expect(form.getByTestId('key-drop-warning')).toContainText('matches no key type');
  // Next attempt, invalid: the old result and warning go away with it.
  await form.getByLabel('Drop %').fill('150');
  await form.getByRole('button', { name: 'Set key drop' }).click();
  await expect(form.getByTestId('key-drop-saved')).toHaveCount(0);
  await expect(form.getByTestId('key-drop-warning')).toHaveCount(0);
  await adminApi().degradation.clearKey.mutate({ key: typo, reason: 'e2e: cleanup' });
});

test('"Drop 20%" on the hot-key table creates a rule that expires', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, 'operator');
  await page.goto(consoleUrl('/dashboards'));
  const hot = page.getByTestId('hot-keys-table');
  await expect(hot).toBeVisible({ timeout: DATA_WAIT_MS });
  const hottest = (await hot.locator('tbody tr').first().locator('td').first().textContent())?.trim() ?? '';
  await hot.getByTestId(`hot-key-${hottest}`).getByRole('button', { name: 'Drop 20%' }).click();
  const dialog = page.getByTestId('drop-key-dialog');
  await expect(dialog.getByLabel('Expires in (minutes)')).toHaveValue('30');
  await dialog.getByRole('button', { name: 'Confirm drop 20%' }).click();
  await expect(dialog.getByTestId('drop-key-saved')).toContainText('for 30 min');
  const rules = await adminApi().degradation.list.query();
  const rule = rules.keys.find((r) => r.key === hottest);
  expect(rule?.expiresAt).not.toBeNull();
  expect(Date.parse(rule?.expiresAt ?? '') - Date.now()).toBeGreaterThan(25 * 60_000);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await adminApi().degradation.clearKey.mutate({ key: hottest, reason: 'e2e: cleanup' });
});
