/**
 * Issue 16: every model page (regions, instances, codes, encoding rules, key types) shows
 * a real change made to the draft, and its form speaks in operator words (defect 6). Each
 * test puts the draft back as it found it, so later specs publish a clean draft.
 */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

const rev = async (): Promise<number> => (await adminApi().draft.get.query()).revision;

test('regions: a region saved in the form is listed', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(consoleUrl('/model/regions'));
  await page.getByLabel('Name').fill('bj');
  await page.getByLabel('Label').fill('Beijing e2e');
  await page.getByRole('button', { name: 'Save region' }).click();
  await expect(page.getByTestId('regions-table')).toContainText('Beijing e2e');
  await adminApi().regions.remove.mutate({ expectedRevision: await rev(), name: 'bj' });
});

test('instances: a bad address says which entry and what to do; a good one is listed', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(consoleUrl('/model/instances'));
  await page.getByLabel('Name').fill('gz-e2e');
  await page.getByLabel('Region').selectOption('gz');
  await page.getByLabel('Addresses').fill('127.0.0.1:');
  await page.getByRole('button', { name: 'Save instance' }).click();
  await expect(page.getByRole('alert').first()).toBeVisible();
  await expect(page.getByText(/0\.port|Too small|received NaN/)).toHaveCount(0);
  await page.getByLabel('Addresses').fill('127.0.0.1:6399');
  await page.getByRole('button', { name: 'Save instance' }).click();
  await expect(page.getByTestId('instance-gz-e2e')).toContainText('127.0.0.1:6399');
  // A second "add" with the same name is refused on the field.
  await page.getByLabel('Name').fill('gz-e2e');
  await expect(page.getByText('an instance named gz-e2e already exists')).toBeVisible();
  await adminApi().instances.remove.mutate({ expectedRevision: await rev(), name: 'gz-e2e' });
});

test('key types: a catch-all saved in the form is listed last', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(consoleUrl('/model/key-types'));
  await page.getByLabel('Name').fill('e2e_rest');
  await page.getByLabel('Pattern').fill('^[\\s\\S]*$');
  await page.getByLabel('Routing dimension').selectOption('fixed');
  await page.getByLabel('Fixed code').fill('2');
  await page.getByRole('button', { name: 'Save key type' }).click();
  const rows = page.getByTestId('key-types-table').locator('tbody tr');
  await expect(rows.last()).toContainText('e2e_rest');
  await adminApi().keyTypes.remove.mutate({ expectedRevision: await rev(), name: 'e2e_rest' });
});

test('codes and encoding rules show a change made through the API', async ({ page }) => {
  const api = adminApi();
  const draft = await api.draft.get.query();
  await api.codes.upsert.mutate({
    expectedRevision: draft.revision,
    code: { code: 9, identity: 'personal', homeRegion: 'gz', instances: { gz: 'gz-personal', sh: 'gz-personal-sh' } },
  });
  await api.encodingRules.set.mutate({
    expectedRevision: draft.revision + 1,
    rules: [...draft.snapshot.encodingRules, { region: 'gz', identity: 'personal', set: 'e2e', code: 9 }],
  });
  try {
    await login(page, 'viewer');
    await page.goto(consoleUrl('/model/codes'));
    await expect(
      page
        .getByTestId('codes-table')
        .locator('tr', { hasText: 'gz-personal-sh' })
        .filter({ has: page.getByRole('cell', { name: '9', exact: true }) }),
    ).toBeVisible();
    await page.goto(consoleUrl('/model/encoding-rules'));
    await expect(page.getByTestId('encoding-rules-table').locator('tbody tr')).toHaveCount(
      draft.snapshot.encodingRules.length + 1,
    );
  } finally {
    await api.encodingRules.set.mutate({ expectedRevision: await rev(), rules: draft.snapshot.encodingRules });
    await api.codes.remove.mutate({ expectedRevision: await rev(), code: 9 });
  }
});
