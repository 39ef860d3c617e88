/** Issue 16 defects 6 and 7: names are unique, and form messages are operator words. */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

test('Create caller with an existing name is refused on the field instead of editing that caller', async ({ page }) => {
  const before = (await adminApi().draft.get.query()).revision;
  await login(page, 'admin');
  await page.goto(consoleUrl('/model/callers'));
  await page.getByLabel('Name').fill('demo');
  await expect(page.getByText('a caller named demo already exists; use Edit on its row to change it')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create caller' })).toBeDisabled();
  expect((await adminApi().draft.get.query()).revision).toBe(before);
});

test('a new caller gets its secret once and shows in the list; an empty field says "required"', async ({ page }) => {
  const name = `e2e-caller-${Date.now() % 100000}`;
  await login(page, 'admin');
  await page.goto(consoleUrl('/model/callers'));
  await page.getByLabel('Commands').fill('');
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create caller' }).click();
  await expect(page.getByText('required', { exact: true })).toBeVisible();
  await expect(page.getByText(/Too small: expected/)).toHaveCount(0);
  await page.getByLabel('Commands').fill('GET, SET');
  await page.getByRole('button', { name: 'Create caller' }).click();
  const secret = page.getByRole('dialog');
  await expect(secret).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();
  const draft = await adminApi().draft.get.query();
  expect(draft.snapshot.callers.find((c) => c.name === name)?.commands).toEqual(['GET', 'SET']);
});
