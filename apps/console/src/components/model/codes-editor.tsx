'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TStorageCode } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card } from '~/components/ui/card.tsx';
import { CodeForm } from './code-form.tsx';
import { DeployedForm } from './deployed-form.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { RowActions } from './row-actions.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function CodesEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [editing, setEditing] = useState<TStorageCode | null>(null);
  const remove = useMutation(trpc.codes.remove.mutationOptions({ onSuccess: invalidate }));
  const { snapshot } = draft;
  const regions = snapshot.regions.map((region) => region.name);
  return (
    <>
      <Card title="Storage codes">
        <table data-testid="codes-table">
          <thead>
            <tr>
              <th>Code</th>
              <th>Identity</th>
              <th>Home</th>
              {regions.map((region) => (
                <th key={region}>{region}</th>
              ))}
              <th>State</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...snapshot.codes]
              .sort((a, b) => a.code - b.code)
              .map((code) => (
                <tr key={code.code}>
                  <td>{code.code}</td>
                  <td>{code.identity}</td>
                  <td>{code.homeRegion}</td>
                  {regions.map((region) => (
                    <td key={region} className="mono">
                      {code.instances[region] ?? <Badge tone="danger">none</Badge>}
                      {region !== code.homeRegion &&
                      code.instances[region] &&
                      code.mirrorModes[region] === 'write-log' ? (
                        <>
                          {' '}
                          <Badge tone="neutral">write-log</Badge>
                        </>
                      ) : null}
                    </td>
                  ))}
                  <td>
                    <div className="row">
                      {snapshot.deployedCodes.includes(code.code) ? (
                        <Badge tone="ok">deployed</Badge>
                      ) : (
                        <Badge>not deployed</Badge>
                      )}
                      {snapshot.bottom === code.code ? <Badge tone="warn">bottom</Badge> : null}
                    </div>
                  </td>
                  <RowActions
                    onEdit={() => setEditing(code)}
                    removeLabel={`Remove code ${code.code}`}
                    onRemove={() => remove.mutate({ expectedRevision: draft.revision, code: code.code })}
                  />
                </tr>
              ))}
          </tbody>
        </table>
        <DraftEditError error={remove.error} onReset={remove.reset} />
      </Card>
      <DeployedForm draft={draft} />
      <CodeForm draft={draft} editing={editing} />
    </>
  );
}
