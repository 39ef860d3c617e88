/**
 * Migration pages (issue 15): create with a preview, phase steps behind the reconciliation
 * gate (percent validation, override, typed confirmation), and the reconciliation key list
 * with a repair. Code 5 (sh-personal) moves to spare; a value with a bigger SEQ is planted on
 * spare after the backfill, so the new side is ahead of the truth.
 */
import { expect, test, type Page } from '@playwright/test';
import { instanceClient, meetingIdWithCode } from '../support/redis.ts';
import { consoleUrl, login } from '../support/session.ts';

const NAME = 'e2e code 5 to spare';
const PLANTED = meetingIdWithCode(5, 515151);

function seqValue(seq: number, payload: string): Buffer {
  const head = Buffer.alloc(8);
  head.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([head, Buffer.from(payload)]);
}

test.describe.configure({ mode: 'serial' });

let detailUrl = '';

async function applyStep(
  page: Page,
  to: string,
  opts: { percent?: string; override?: string; confirm?: boolean } = {},
): Promise<void> {
  await page.getByTestId('phase-to').selectOption(to);
  if (opts.percent !== undefined) await page.getByTestId('phase-percent').fill(opts.percent);
  await page.getByTestId('phase-reason').fill(`e2e: ${to}`);
  if (opts.override) await page.getByTestId('phase-override').fill(opts.override);
  if (opts.confirm) await page.getByTestId('phase-confirm').fill(NAME);
  const apply = page.getByTestId('phase-apply');
  await expect(apply).toBeEnabled({ timeout: 30_000 });
  await apply.click();
  await expect(page.getByTestId('migration-phase-badge')).toContainText(to, { timeout: 15_000 });
}

test('create shows a preview first; Start publishes DUAL_WRITE only after it', async ({ page }) => {
  const old = instanceClient('sh-personal');
  try {
    await old.set(PLANTED, seqValue(4, 'acknowledged'));
  } finally {
    old.disconnect();
  }
  await login(page, 'admin');
  await page.goto(consoleUrl('/migrations'));
  await page.getByTestId('migration-name').fill(NAME);
  await page.getByTestId('migration-code').fill('5');
  await page.getByTestId('migration-from').selectOption('sh-personal');
  await page.getByTestId('migration-to').selectOption('spare');
  await page.getByTestId('migration-reason').fill('e2e: migration pages');
  await expect(page.getByTestId('migration-start')).toBeDisabled();
  // M without r is refused instead of silently using r = 0.
  await page.getByTestId('migration-modulo').fill('4');
  await page.getByTestId('migration-preview').click();
  await expect(page.getByText('give r too')).toBeVisible();
  await expect(page.getByTestId('create-preview')).toHaveCount(0);
  await page.getByTestId('migration-modulo').fill('');

  await page.getByTestId('migration-preview').click();
  const preview = page.getByTestId('create-preview');
  await expect(preview).toContainText('all of code 5');
  await expect(preview).toContainText(/Keys in scope\s*\d+/);
  await expect(preview).toContainText('Estimated backfill');
  await expect(page.getByTestId('migration-start')).toBeEnabled();
  await page.getByTestId('migration-start').click();
  await expect(page).toHaveURL(/\/migrations\/mig-5-/);
  await expect(page.getByTestId('migration-phase-badge')).toHaveText('DUAL_WRITE');
  await expect(page.getByTestId('compensation-hint')).toBeVisible();
  detailUrl = page.url();
});

test('phase steps: percent required, the gate refuses while a difference is unresolved, an override passes it', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.goto(detailUrl);
  await applyStep(page, 'BACKFILL');
  await expect(page.getByTestId('backfill-state')).toHaveText('done', { timeout: 30_000 });
  const spare = instanceClient('spare');
  try {
    await spare.set(PLANTED, seqValue(9, 'planted')); // ahead of the truth (sh-personal)
  } finally {
    spare.disconnect();
  }
  await applyStep(page, 'RECONCILE');

  await page.getByTestId('phase-to').selectOption('GRAY_READ');
  await expect(page.getByText('required: a percentage from 0 to 100')).toBeVisible();
  await page.getByTestId('phase-percent').fill('abc');
  await expect(page.getByText('a number from 0 to 100')).toBeVisible();
  await expect(page.getByTestId('phase-apply')).toBeDisabled();
  await page.getByTestId('phase-percent').fill('10');
  await page.getByTestId('phase-reason').fill('e2e: gray read');
  // Once the migrator's round finishes, the planted key is unresolved and the gate says so.
  await expect(page.getByTestId('phase-refusal')).toContainText('RECON_UNRESOLVED', { timeout: 45_000 });
  await expect(page.getByTestId('phase-preview')).toContainText('reads new 10%');
  await expect(page.getByTestId('phase-apply')).toBeDisabled();
  await page.getByTestId('phase-override').fill('e2e: known planted key');
  await page.getByTestId('phase-apply').click();
  await expect(page.getByTestId('migration-phase-badge')).toHaveText('GRAY_READ 10%');
  await expect(page.getByTestId('migration-timeline')).toContainText('override: e2e: known planted key');
});

test('the reconciliation lists the planted key with both sides; a repair restores the truth and the gate opens', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.goto(detailUrl);
  const row = page.getByTestId(`recon-difference-forward-${PLANTED}`);
  await expect(row).toContainText('AHEAD_OF_TRUTH', { timeout: 45_000 });
  await expect(row).toContainText('seq=4 acknowledged');
  await expect(row).toContainText('seq=9 planted');
  await page.getByTestId('recon-reason').fill('e2e: the planted value is wrong');
  await page.getByTestId('recon-direction').selectOption('old-to-new');
  await row.getByRole('button', { name: /Repair/ }).click();
  await expect(page.getByTestId('recon-repair-result')).toContainText('Repaired 1');
  const spare = instanceClient('spare');
  try {
    expect(await spare.getBuffer(PLANTED)).toEqual(seqValue(4, 'acknowledged'));
  } finally {
    spare.disconnect();
  }
  await page.getByTestId('recon-rerun').click();
  await expect(page.getByTestId('recon-rerun-result')).toBeVisible();

  // With a clean round after the step, the next step passes without an override.
  await page.getByTestId('phase-to').selectOption('GRAY_READ');
  await page.getByTestId('phase-percent').fill('100');
  await expect(page.getByTestId('phase-gate')).toBeVisible({ timeout: 45_000 });
  await applyStep(page, 'GRAY_READ', { percent: '100' });
  await expect(page.getByTestId('migration-phase-badge')).toHaveText('GRAY_READ 100%');

  // STOP_DUAL_WRITE needs the migration name typed.
  await page.getByTestId('phase-to').selectOption('WRITE_ORDER_SWITCH');
  await expect(page.getByTestId('phase-gate')).toBeVisible({ timeout: 45_000 });
  await applyStep(page, 'WRITE_ORDER_SWITCH');
  await page.getByTestId('phase-to').selectOption('STOP_DUAL_WRITE');
  await page.getByTestId('phase-percent').fill('50');
  await page.getByTestId('phase-reason').fill('e2e: stop half');
  await expect(page.getByTestId('phase-gate')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('phase-apply')).toBeDisabled();
  await page.getByTestId('phase-confirm').fill('wrong name');
  await expect(page.getByText('does not match the migration name')).toBeVisible();
  await expect(page.getByTestId('phase-apply')).toBeDisabled();
  await applyStep(page, 'STOP_DUAL_WRITE', { percent: '50', confirm: true });
  await expect(page.getByTestId('migration-phase-badge')).toHaveText('STOP_DUAL_WRITE 50%');
});

test('rolling a version back keeps today\'s migrations and says "no change" when nothing else differs', async ({
  page,
}) => {
  await login(page, 'admin');
  await page.goto(consoleUrl('/versions'));
  // The version the migration's creation published; the one before it differs only in migrations.
  const created = page.locator('tr[data-testid^="version-"]', { hasText: 'e2e: migration pages' });
  const version = Number((await created.getAttribute('data-testid'))?.replace('version-', ''));
  expect(version).toBeGreaterThan(1);
  await page
    .getByTestId(`version-${version - 1}`)
    .getByRole('button', { name: `Roll back to v${version - 1}` })
    .click();
  const dialog = page.getByTestId('rollback-dialog');
  await expect(dialog.getByTestId('rollback-kept')).toContainText('@STOP_DUAL_WRITE');
  await expect(dialog.getByTestId('rollback-preview')).toContainText('No change');
  await dialog.getByTestId('rollback-reason').fill('e2e: roll back to before the migration');
  await dialog.getByRole('checkbox').check();
  await dialog.getByRole('button', { name: `Confirm rollback to v${version - 1}` }).click();
  await expect(dialog.getByTestId('rollback-no-change')).toContainText('nothing was published');
  // The migration is untouched.
  await page.goto(detailUrl);
  await expect(page.getByTestId('migration-phase-badge')).toHaveText('STOP_DUAL_WRITE 50%');
});
