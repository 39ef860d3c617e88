'use client';
/**
 * The browser's tRPC client: one QueryClient and one tRPC client per page load, shared
 * through context. Pages use `useTRPC()` with React Query's own hooks
 * (`useQuery(trpc.x.queryOptions())`).
 */
import { useState, type ReactNode } from 'react';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@switchyard/api';
import { isUnauthorized } from '~/lib/trpc-error.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** A session that expired mid-visit surfaces as UNAUTHORIZED; send the user to sign in again. */
function redirectOnUnauthorized(error: unknown): void {
  if (isUnauthorized(error) && typeof window !== 'undefined' && window.location.pathname !== '/login') {
    const next = encodeURIComponent(window.location.pathname + window.location.search);
    window.location.assign(`/login?next=${next}`);
  }
}

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: redirectOnUnauthorized }),
    mutationCache: new MutationCache({ onError: redirectOnUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 1_000,
        // Auth and validation failures will not fix themselves; only retry transport errors.
        retry: (count, error) => count < 2 && !isUnauthorized(error) && !hasTrpcCode(error),
      },
    },
  });
}

function hasTrpcCode(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'data' in error &&
    Boolean((error as { data?: { code?: string } }).data?.code)
  );
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: '/api/trpc' })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
