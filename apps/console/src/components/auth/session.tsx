'use client';
/**
 * Who is signed in, from `auth.me`. The UI uses the role only to disable controls a
 * viewer cannot use; the server checks the role again on every call.
 */
import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';

export type TRole = 'viewer' | 'operator' | 'admin';
const ORDER: ReadonlyArray<TRole> = ['viewer', 'operator', 'admin'];

export function useSession() {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 60_000 });
  // `auth.me` answers null for a missing or expired session: go sign in.
  useEffect(() => {
    if (query.data === null && window.location.pathname !== '/login') {
      window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    }
  }, [query.data]);
  return query;
}

/** False while the session is loading, so nothing is briefly enabled for a viewer. */
export function useCan(need: TRole = 'operator'): boolean {
  const { data } = useSession();
  if (!data) return false;
  return ORDER.indexOf(data.role) >= ORDER.indexOf(need);
}

/**
 * Disables every control inside it (a native disabled <fieldset>) unless the user has the
 * role; a short note explains why, so a disabled button is not a mystery.
 */
export function RoleGate({ need = 'operator', children }: { need?: TRole; children: ReactNode }) {
  const allowed = useCan(need);
  const { data } = useSession();
  return (
    <fieldset disabled={!allowed} className="gate" data-testid="role-gate" data-allowed={allowed}>
      {!allowed && data ? (
        <p className="muted" data-testid="read-only-note">
          Read-only: your role is {data.role}; this needs {need}.
        </p>
      ) : null}
      {children}
    </fieldset>
  );
}
