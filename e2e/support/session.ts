import { expect, type Page } from '@playwright/test';
import { e2eStack } from './stack.ts';

export async function login(page: Page, who: 'admin' | 'operator' | 'viewer'): Promise<void> {
  const stack = e2eStack();
  const account = who === 'admin' ? stack.admin : who === 'viewer' ? stack.viewer : stack.operator;
  if (!account) throw new Error('stack.json has no operator login; start the stack with this branch');
  await page.goto(new URL('/login', stack.console.url).toString());
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

export function consoleUrl(pathname: string): string {
  return new URL(pathname, e2eStack().console.url).toString();
}
