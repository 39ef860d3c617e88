/** Issue 17 §3: an admin sees the demo webhook on the Notifications page, sends a test, and the demo receiver logs it. */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { consoleUrl, login } from '../support/session.ts';
import { e2eStack } from '../support/stack.ts';

function receiverLog(): string {
  const stack = e2eStack() as ReturnType<typeof e2eStack> & { webhookReceiver?: { url: string; log: string } };
  if (!stack.webhookReceiver) throw new Error('stack.json has no webhookReceiver; start the stack with this branch');
  try {
    return readFileSync(stack.webhookReceiver.log, 'utf8');
  } catch {
    return '';
  }
}

test('an admin sends a test notification to the demo receiver, which logs it', async ({ page }) => {
  await login(page, 'admin');
  await page.goto(consoleUrl('/notifications'));
  const row = page.getByTestId('webhook-demo-receiver');
  await expect(row).toBeVisible();
  // The URL is shown redacted: origin and a fingerprint, never the path.
  await expect(row).toContainText(/http:\/\/127\.0\.0\.1:\d+\/… \[secret [0-9a-f]{8}\]/);
  await page.getByTestId('notify-test').click();
  await expect(page.getByTestId('notify-test-result')).toContainText('demo-receiver: delivered');
  await expect.poll(() => receiverLog(), { timeout: 10_000 }).toContain('"type":"test"');
});

test('a viewer does not see the webhooks', async ({ page }) => {
  await login(page, 'viewer');
  await page.goto(consoleUrl('/notifications'));
  await expect(page.getByTestId('read-only-note')).toContainText('this needs admin');
  await expect(page.getByTestId('webhooks-table')).toHaveCount(0);
});
