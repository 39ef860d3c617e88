import { expect, test } from '@playwright/test';
import { meetingIdWithCode, proxyClient } from '../support/redis.ts';
import { consoleUrl, login } from '../support/session.ts';

test('an SRE sets a 100% drop ratio on a hot key and its requests are dropped', async ({ page }) => {
  const hotKey = `stable_${meetingIdWithCode(2, 777)}`;
  const otherKey = `stable_${meetingIdWithCode(2, 778)}`;
  const proxy = proxyClient('gz');
  try {
    await proxy.set(hotKey, 'static info');

    await login(page, 'admin');
    await page.goto(consoleUrl('/degradation'));
    await page.getByLabel('Key').fill(hotKey);
    await page.getByLabel('Drop %').fill('100');
    await page.getByLabel('Reason', { exact: true }).fill('e2e: hot key');
    await page.getByRole('button', { name: 'Set key drop' }).click();
    await expect(page.getByRole('cell', { name: hotKey })).toBeVisible();

    await expect
      .poll(
        async () =>
          proxy.get(hotKey).then(
            () => 'served',
            (err: Error) => err.message,
          ),
        { timeout: 30_000, intervals: [250] },
      )
      .toMatch(/SWITCHYARD degraded/);
    // Only that key is dropped.
    await expect(proxy.set(otherKey, 'fine')).resolves.toBe('OK');
  } finally {
    proxy.disconnect();
  }
});
