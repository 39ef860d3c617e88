'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { DiffTable } from '~/components/ui/diff-table.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';

/** The structural diff between two published versions (path / before / after). */
export function VersionDiff({ from, to }: { from: number; to: number }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.versions.diff.queryOptions({ from, to }));
  return (
    <Card title={`Diff v${from} → v${to}`} testId="version-diff">
      <QueryState query={diff} label="diff">
        {(data) => <DiffTable rows={data.changes} testId="version-diff-table" />}
      </QueryState>
    </Card>
  );
}
