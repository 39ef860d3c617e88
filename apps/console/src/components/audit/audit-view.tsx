'use client';
import { useState } from 'react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { ErrorBanner } from '~/components/ui/error-banner.tsx';
import { AuditFilters, type TAuditFilter } from './audit-filters.tsx';
import { AuditTable } from './audit-table.tsx';

const PAGE_SIZE = 50;

export function AuditView() {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<TAuditFilter>({});
  const audit = useInfiniteQuery(
    trpc.audit.list.infiniteQueryOptions(
      { ...filter, limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  return (
    <>
      <PageHeader
        title="Audit"
        subtitle="Every mutation, allowed or refused: who, when, what, why, and the change it made."
      />
      <Card>
        <AuditFilters onApply={setFilter} />
      </Card>
      <Card title="Entries">
        <ErrorBanner error={audit.error} title="Could not load the audit log" />
        {audit.isPending ? <p className="muted">Loading…</p> : <AuditTable entries={entries} />}
        {audit.hasNextPage ? (
          <div className="row">
            <button
              type="button"
              className="secondary"
              disabled={audit.isFetchingNextPage}
              onClick={() => void audit.fetchNextPage()}
            >
              Load more
            </button>
          </div>
        ) : null}
      </Card>
    </>
  );
}
