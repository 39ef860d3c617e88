'use client';
/** /migrations: every shard migration, and the form that starts one (DESIGN §7). */
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { CreateMigrationForm } from './create-migration-form.tsx';
import { phaseTone } from './phase.ts';

const REFRESH_MS = 5_000;

export function MigrationsView() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.migrations.list.queryOptions(), refetchInterval: REFRESH_MS });
  return (
    <>
      <PageHeader
        title="Migrations"
        subtitle="Move a storage code (or one mid % M half of it) to another instance: dual-write, backfill, reconcile, gray read, switch the write order, stop dual-writing."
      />
      <div className="stack">
        <QueryState query={list} label="migrations">
          {(data) => (
            <Card title="Migrations" testId="migrations-card">
              {data.migrations.length === 0 ? (
                <p className="muted">No migrations yet.</p>
              ) : (
                <table data-testid="migrations-table">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Code</th>
                      <th>From → to</th>
                      <th>Phase</th>
                      <th>Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.migrations.map((m) => (
                      <tr key={m.id} data-testid={`migration-${m.id}`}>
                        <td>
                          <Link href={`/migrations/${encodeURIComponent(m.id)}`}>{m.name}</Link>{' '}
                          <span className="muted">{m.id}</span>
                        </td>
                        <td>
                          {m.code}
                          {m.scope ? ` (mid % ${m.scope.modulo} == ${m.scope.remainder})` : ''}
                        </td>
                        <td>
                          {m.from} → {m.to}
                        </td>
                        <td>
                          <Badge tone={phaseTone(m.phase)}>
                            {m.phase}
                            {m.percent ? ` ${m.percent}%` : ''}
                          </Badge>
                        </td>
                        <td>
                          <Time value={m.createdAt} /> by {m.createdBy}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
          )}
        </QueryState>
        <RoleGate need="operator">
          <Card title="Start a migration">
            <CreateMigrationForm />
          </Card>
        </RoleGate>
      </div>
    </>
  );
}
