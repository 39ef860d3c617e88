import { expect, test } from '@playwright/test';
import { consoleUrl, login } from '../support/session.ts';
import { e2eStack } from '../support/stack.ts';

test('an admin logs in and sees who they are', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByText(e2eStack().admin.email)).toBeVisible();
});

test('a wrong password is refused and stays on the login page', async ({ page }) => {
  await page.goto(consoleUrl('/login'));
  await page.getByLabel('Email').fill(e2eStack().admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('pages redirect to the login page without a session', async ({ page }) => {
  await page.goto(consoleUrl('/failover'));
  await expect(page).toHaveURL(/\/login/);
});
