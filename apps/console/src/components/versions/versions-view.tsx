'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { useCan } from '~/components/auth/session.tsx';
import { VersionsTable } from './versions-table.tsx';
import { VersionDiff } from './version-diff.tsx';
import { VersionSnapshot } from './version-snapshot.tsx';
import { RollbackDialog } from './rollback-dialog.tsx';

/** Keeps the two most recently picked versions, ordered old → new for the diff. */
function toggle(selected: ReadonlyArray<number>, version: number): number[] {
  if (selected.includes(version)) return selected.filter((v) => v !== version);
  return [...selected, version].slice(-2);
}

export function VersionsView() {
  const trpc = useTRPC();
  const list = useQuery(trpc.versions.list.queryOptions({ limit: 100 }));
  const [selected, setSelected] = useState<number[]>([]);
  const [rollingBack, setRollingBack] = useState<number | null>(null);
  const canRollback = useCan('operator');
  const [from, to] = [...selected].sort((a, b) => a - b);
  return (
    <>
      <PageHeader
        title="Versions"
        subtitle="Every published config, newest first. Tick two versions to compare them."
      />
      <QueryState query={list} label="versions">
        {(versions) => (
          <Card title={`${versions.length} versions`}>
            <VersionsTable
              versions={versions}
              selected={selected}
              onToggle={(v) => setSelected((s) => toggle(s, v))}
              onRollback={setRollingBack}
              canRollback={canRollback}
            />
          </Card>
        )}
      </QueryState>
      {from !== undefined && to !== undefined ? <VersionDiff from={from} to={to} /> : null}
      {from !== undefined && to === undefined ? <VersionSnapshot version={from} /> : null}
      {to === undefined ? <p className="muted">Select two versions to see their diff.</p> : null}
      {rollingBack !== null ? <RollbackDialog version={rollingBack} onClose={() => setRollingBack(null)} /> : null}
    </>
  );
}
