'use client';
/** What Publish would change: the draft against the latest published version (`draft.diff`). */
import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { DiffTable } from '~/components/ui/diff-table.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';

export function PendingChanges({ revision }: { revision: number }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.draft.diff.queryOptions());
  const { refetch } = diff;
  // A new revision (an edit here, in another tab or by syctl, seen after Reload) means new pending changes.
  useEffect(() => {
    void refetch();
  }, [revision, refetch]);
  return (
    <Card title="Pending changes">
      <QueryState query={diff} label="pending changes">
        {(data) => (
          <div className="stack" data-testid="draft-pending">
            <span>
              {data.changes.length === 0 ? (
                <Badge tone="ok">nothing to publish</Badge>
              ) : (
                <Badge tone="warn">
                  {data.changes.length} change{data.changes.length === 1 ? '' : 's'}
                </Badge>
              )}{' '}
              <span className="muted">
                against{' '}
                {data.publishedVersion === null ? 'nothing published yet' : `published v${data.publishedVersion}`}
              </span>
            </span>
            {data.changes.length > 0 ? <DiffTable rows={data.changes} testId="draft-diff" /> : null}
          </div>
        )}
      </QueryState>
    </Card>
  );
}
