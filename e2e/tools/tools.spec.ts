/** Issue 16 defect 9 (Tools): a new attempt never leaves the previous answer on screen. */
import { expect, test } from '@playwright/test';
import { consoleUrl, login } from '../support/session.ts';

test('the route preview answers for the key typed, and an invalid attempt clears the last answer', async ({ page }) => {
  await login(page, 'viewer');
  await page.goto(consoleUrl('/tools'));
  await page.getByTestId('route-key-input').fill('stable_2147495993');
  await page.getByRole('button', { name: 'Preview route' }).click();
  await expect(page.getByText(/gz-enterprise|gz-personal/).first()).toBeVisible();
  await page.getByTestId('route-key-input').fill('');
  await page.getByRole('button', { name: 'Preview route' }).click();
  await expect(page.getByText(/gz-enterprise|gz-personal/)).toHaveCount(0);
});
