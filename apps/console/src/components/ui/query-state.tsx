'use client';
/** The loading and error states every query-backed panel shares. */
import type { ReactNode } from 'react';
import { ErrorBanner } from './error-banner.tsx';

interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  isPending: boolean;
}

export function QueryState<T>({
  query,
  children,
  label,
}: {
  query: QueryLike<T>;
  children: (data: T) => ReactNode;
  label?: string;
}) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) return <ErrorBanner error={query.error} title={`Could not load ${label ?? 'data'}`} />;
  return (
    <p className="muted" aria-busy="true">
      Loading {label ?? ''}…
    </p>
  );
}
