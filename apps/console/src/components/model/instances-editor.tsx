'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TInstance } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { HealthCell, SecurityCell, useInstanceHealth } from './instance-health.tsx';
import { InstanceForm } from './instance-form.tsx';
import { formatHostPorts } from './host-ports.ts';
import { RowActions } from './row-actions.tsx';
import { WriteLogCard } from './write-log-card.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function InstancesEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const health = useInstanceHealth();
  const [editing, setEditing] = useState<TInstance | null>(null);
  const remove = useMutation(trpc.instances.remove.mutationOptions({ onSuccess: invalidate }));
  const provision = useMutation(trpc.instances.provisionDataUser.mutationOptions({ onSuccess: invalidate }));
  return (
    <>
      <Card title="Instances">
        <table data-testid="instances-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Region</th>
              <th>Kind</th>
              <th>Addresses</th>
              <th>Replicas</th>
              <th>Live state</th>
              <th>Data plane security</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.snapshot.instances.map((instance) => (
              <tr key={instance.name} data-testid={`instance-${instance.name}`}>
                <td className="mono">{instance.name}</td>
                <td>{instance.region}</td>
                <td>{instance.kind}</td>
                <td className="mono">{formatHostPorts(instance.addresses)}</td>
                <td className="mono">{instance.replicas.length ? formatHostPorts(instance.replicas) : '—'}</td>
                <td>
                  <HealthCell health={health.get(instance.name)} />
                </td>
                <td>
                  <SecurityCell
                    health={health.get(instance.name)}
                    busy={provision.isPending}
                    onProvision={() =>
                      provision.mutate({
                        expectedRevision: draft.revision,
                        name: instance.name,
                        reason: 'provision the managed data user',
                      })
                    }
                  />
                </td>
                <RowActions
                  onEdit={() => setEditing(instance)}
                  removeLabel={`Remove instance ${instance.name}`}
                  onRemove={() => remove.mutate({ expectedRevision: draft.revision, name: instance.name })}
                />
              </tr>
            ))}
          </tbody>
        </table>
        <DraftEditError error={remove.error} onReset={remove.reset} />
        <DraftEditError error={provision.error} onReset={provision.reset} />
      </Card>
      <WriteLogCard />
      <InstanceForm draft={draft} editing={editing} />
    </>
  );
}
