'use client';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';

/** One published version's full snapshot, for reading exactly what the workers ran. */
export function VersionSnapshot({ version }: { version: number }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.versions.get.queryOptions({ version }));
  return (
    <Card title={`v${version} snapshot`} testId="version-snapshot">
      <QueryState query={query} label={`v${version}`}>
        {(data) => (
          <details>
            <summary>
              Hash <span className="mono">{data.hash}</span>; show JSON
            </summary>
            <pre>{JSON.stringify(data.snapshot, null, 2)}</pre>
          </details>
        )}
      </QueryState>
    </Card>
  );
}
