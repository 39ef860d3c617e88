/** Issue 16 defect 11: dialogs move focus in, trap Tab, and Escape returns focus to the opener. */
import { expect, test } from '@playwright/test';
import { adminApi } from '../support/api.ts';
import { consoleUrl, login } from '../support/session.ts';

/** Runs in the page; `d.ownerDocument` avoids needing DOM types in the spec's own compile. */
const holdsFocus = (d: { ownerDocument: { activeElement: unknown }; contains: (n: never) => boolean }): boolean =>
  d.contains(d.ownerDocument.activeElement as never);

test('the clear-drop dialog traps focus and gives it back to the button that opened it', async ({ page }) => {
  const key = `stable_focus_${Date.now()}`;
  await adminApi().degradation.setKey.mutate({ key, ratio: 0.05, expiresInMinutes: 10, reason: 'e2e: focus' });
  await login(page, 'operator');
  await page.goto(consoleUrl('/degradation'));
  const opener = page.getByTestId(`clear-key-drop-${key}`);
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Focus moved into the dialog, to its first field.
  await expect.poll(() => dialog.evaluate(holdsFocus)).toBe(true);
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press(i % 3 === 0 ? 'Shift+Tab' : 'Tab');
    expect(await dialog.evaluate(holdsFocus)).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();
  await adminApi().degradation.clearKey.mutate({ key, reason: 'e2e: cleanup' });
});
