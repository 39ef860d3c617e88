/** Issue 16: the Draft page shows the pending changes against the published version before Publish; Versions lists the result. */
import { expect, test } from '@playwright/test';
import { adminApi, screenshotDir } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

test('a key type added to the draft shows as a pending change, is published, and lands in Versions', async ({
  page,
}) => {
  const api = adminApi();
  const name = `e2e_catchall_${Date.now() % 100000}`;
  const draft = await api.draft.get.query();
  await api.keyTypes.upsert.mutate({
    expectedRevision: draft.revision,
    reason: 'e2e: draft diff',
    keyType: {
      name,
      pattern: '^e2e:[\\s\\S]*$',
      dimension: { kind: 'fixed', code: 2 },
      valueFormat: 'plain',
      readPolicy: 'primary',
      cacheTier: 'none',
      dataType: 'any',
    },
  });
  await page.setViewportSize({ width: 1280, height: 800 });
  await login(page, 'admin');
  await page.goto(consoleUrl('/draft'));
  const pending = page.getByTestId('draft-pending');
  await expect(pending).toContainText(/1 change against published v\d+/);
  await expect(page.getByTestId('draft-diff')).toContainText(`keyTypes[${name}]`);
  await expect(page.getByTestId('draft-diff')).toContainText('"pattern": "^e2e:');
  await pending.screenshot({ path: `${screenshotDir}/draft-diff.png` });
  await page.getByLabel('Reason').fill('e2e: publish the catch-all');
  await page.getByRole('button', { name: /^Publish/ }).click();
  await expect(pending).toContainText('nothing to publish');
  await page.goto(consoleUrl('/versions'));
  await expect(page.getByText('e2e: publish the catch-all')).toBeVisible();
});
