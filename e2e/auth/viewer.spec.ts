import { expect, test } from '@playwright/test';
import { consoleUrl, login } from '../support/session.ts';

test('a viewer sees failover controls disabled, and the server refuses the mutation anyway', async ({ page }) => {
  await login(page, 'viewer');
  await page.goto(consoleUrl('/failover'));
  await expect(page.getByRole('button', { name: 'Route gz traffic to sh' })).toBeDisabled();

  // Bypass the UI: post the mutation with the viewer's cookie, as a script would.
  const response = await page.request.post(consoleUrl('/api/trpc/degradation.setKey'), {
    headers: { origin: new URL(consoleUrl('/')).origin, 'content-type': 'application/json' },
    data: { key: 'stable_2147495993', ratio: 1, reason: 'viewer should not be able to do this' },
  });
  expect(response.status()).toBe(403);
});
