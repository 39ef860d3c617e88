/**
 * Issue 18: two-person approval in the console. A drop above the approval threshold, filed
 * by the admin (API token), waits on the Overview; the admin cannot approve their own request,
 * the operator can, and the drop is then published.
 */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

test('a gated drop waits for a second user, who approves it on the Overview', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const api = adminApi();
  const before = await api.safety.list.query({ overrideHours: 24 });
  const rules = { ...before.current.rules, approvals: { ...before.current.rules.approvals, dropAbovePercent: 50 } };
  const saved = await api.safety.set.mutate({
    rules,
    expectedVersion: before.current.version,
    reason: 'e2e: approvals',
  });
  const key = `stable_approval_${Date.now()}`;
  try {
    const filed = await api.degradation.setKey
      .mutate({ key, ratio: 0.9, expiresInMinutes: 5, reason: 'e2e: needs a second pair of eyes' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(filed).toMatchObject({ data: { apiCode: 'APPROVAL_REQUIRED' } });
    const [request] = await api.requests.list.query({ status: 'pending', limit: 5 });
    expect(request?.summary).toContain(key);

    await login(page, 'admin');
    await page.goto(consoleUrl('/'));
    const own = page.getByTestId(`request-${request!.id}`);
    await expect(own).toContainText('waiting for another user');
    await expect(page.getByTestId(`approve-${request!.id}`)).toHaveCount(0);

    const operator = await browser.newPage();
    await login(operator, 'operator');
    await operator.goto(consoleUrl('/'));
    await operator.getByTestId('request-decision-reason').fill('e2e: looks right');
    await operator.getByTestId(`approve-${request!.id}`).click();
    await expect(operator.getByTestId(`request-${request!.id}`)).toHaveAttribute('data-status', 'done');
    const drops = await api.degradation.list.query();
    expect(drops.keys.map((k) => k.key)).toContain(key);
    await operator.close();
  } finally {
    await api.degradation.clearKey.mutate({ key, reason: 'e2e: clean up' }).catch(() => undefined);
    await api.safety.set.mutate({
      rules: before.current.rules,
      expectedVersion: saved.version,
      reason: 'e2e: approvals off again',
    });
  }
});
