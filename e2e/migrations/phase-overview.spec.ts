/**
 * Issue 16 defects 13 and 14 and the Overview: a running migration is shown with its current
 * phase highlighted (DUAL_WRITE included) and on the Overview; a finished (aborted) one
 * offers no Advance/Roll back form.
 */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

test('a migration in DUAL_WRITE is highlighted and listed on the Overview; once aborted its form is gone', async ({
  page,
}) => {
  const api = adminApi();
  const name = `e2e split ${Date.now() % 100000}`;
  const { migration } = await api.migrations.create.mutate({
    name,
    code: 1,
    from: 'gz-personal',
    to: 'spare',
    scope: { modulo: 4, remainder: 3 },
    reason: 'e2e: migrations page',
  });
  try {
    await login(page, 'operator');
    await page.goto(consoleUrl(`/migrations/${migration.id}`));
    await expect(page.getByTestId('phase-current')).toHaveText(/DUAL_WRITE/);
    await expect(page.getByTestId('phase-bar').locator('[aria-current="step"]')).toHaveCount(1);
    await page.goto(consoleUrl('/'));
    await expect(page.getByTestId('overview-migrations')).toContainText(name);
    await expect(page.getByTestId('overview-migrations')).toContainText('DUAL_WRITE');
  } finally {
    await api.migrations.rollback.mutate({ id: migration.id, to: 'ABORTED', reason: 'e2e: cleanup', confirm: name });
  }
  await page.goto(consoleUrl(`/migrations/${migration.id}`));
  await expect(page.getByTestId('migration-finished')).toBeVisible();
  // The form stays folded away: nothing to advance by accident.
  await expect(page.getByRole('button', { name: /^(Apply|Roll back) to/ })).toBeHidden();
  await page.goto(consoleUrl('/'));
  await expect(page.getByTestId('overview-migrations')).not.toContainText(name);
});
