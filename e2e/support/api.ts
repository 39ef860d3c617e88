/** The console API as syctl uses it (tRPC over HTTP with the stack's admin token), to make real changes from a spec. */
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@switchyard/api';
import { e2eStack } from './stack.ts';

export function adminApi(): TRPCClient<AppRouter> {
  const stack = e2eStack();
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: new URL('/api/trpc', stack.console.url).toString(),
        headers: { authorization: `Bearer ${stack.adminToken}` },
      }),
    ],
  });
}

export const screenshotDir = '/work/screens';
