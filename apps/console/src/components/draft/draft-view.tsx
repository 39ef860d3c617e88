'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { PendingChanges } from './pending-changes.tsx';
import { ProblemList } from './problem-list.tsx';
import { PublishForm } from './publish-form.tsx';

export function DraftView() {
  const trpc = useTRPC();
  const draft = useQuery(trpc.draft.get.queryOptions());
  return (
    <>
      <PageHeader
        title="Draft & publish"
        subtitle="Model edits go to the draft. Publishing validates it and writes an immutable, numbered version that the workers poll."
      />
      <QueryState query={draft} label="draft">
        {(data) => (
          <>
            <Card
              title={`Draft revision ${data.revision}`}
              actions={
                <button type="button" className="secondary" onClick={() => void draft.refetch()}>
                  Reload
                </button>
              }
            >
              <p className="muted">
                Last edited by {data.updatedBy}, <Time value={data.updatedAt} />
              </p>
              <ProblemList problems={data.problems} />
            </Card>
            <PendingChanges revision={data.revision} />
            <Card title="Publish">
              <RoleGate need="operator">
                <PublishForm
                  revision={data.revision}
                  hasProblems={data.problems.length > 0}
                  onReload={() => void draft.refetch()}
                />
              </RoleGate>
            </Card>
            <Card title="Draft snapshot (JSON)">
              <details>
                <summary>Show</summary>
                <pre data-testid="draft-json">{JSON.stringify(data.snapshot, null, 2)}</pre>
              </details>
            </Card>
          </>
        )}
      </QueryState>
    </>
  );
}
