'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { TDimension, TKeyType } from '@switchyard/core';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { KeyTypeForm } from './key-type-form.tsx';
import { RowActions } from './row-actions.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

function describe(d: TDimension): string {
  if (d.kind === 'mid') return `meeting ID (${d.group})`;
  if (d.kind === 'identity') return `identity (${d.group}) via ${d.centreRegion}`;
  if (d.kind === 'hash') return `hash(${d.group ?? 'key'}) mod [${d.codes.join(', ')}]`;
  if (d.kind === 'fixed') return `code ${d.code}`;
  return `instance ${d.instance}`;
}

/** Key types in match order (first match wins); reorder with the arrows. */
export function KeyTypesEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [editing, setEditing] = useState<TKeyType | null>(null);
  const remove = useMutation(trpc.keyTypes.remove.mutationOptions({ onSuccess: invalidate }));
  const reorder = useMutation(trpc.keyTypes.reorder.mutationOptions({ onSuccess: invalidate }));
  const names = draft.snapshot.keyTypes.map((keyType) => keyType.name);
  const move = (index: number, by: -1 | 1) => {
    const order = [...names];
    const [name] = order.splice(index, 1);
    if (name === undefined) return;
    order.splice(index + by, 0, name);
    reorder.mutate({ expectedRevision: draft.revision, order });
  };
  return (
    <>
      <Card title="Key types (first match wins)">
        <table data-testid="key-types-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Name</th>
              <th>Pattern</th>
              <th>Routed by</th>
              <th>Value</th>
              <th>Read</th>
              <th>Cache</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.snapshot.keyTypes.map((keyType, index) => (
              <tr key={keyType.name} data-testid={`key-type-${keyType.name}`}>
                <td>{index + 1}</td>
                <td className="mono">{keyType.name}</td>
                <td className="mono">{keyType.pattern}</td>
                <td>{describe(keyType.dimension)}</td>
                <td>{keyType.valueFormat}</td>
                <td>{keyType.readPolicy}</td>
                <td>{keyType.cacheTier}</td>
                <RowActions
                  onEdit={() => setEditing(keyType)}
                  removeLabel={`Remove key type ${keyType.name}`}
                  onRemove={() => remove.mutate({ expectedRevision: draft.revision, name: keyType.name })}
                >
                  <button
                    type="button"
                    className="secondary"
                    title={`Move ${keyType.name} up`}
                    disabled={index === 0 || reorder.isPending}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    title={`Move ${keyType.name} down`}
                    disabled={index === names.length - 1 || reorder.isPending}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                </RowActions>
              </tr>
            ))}
          </tbody>
        </table>
        <DraftEditError
          error={remove.error ?? reorder.error}
          onReset={() => {
            remove.reset();
            reorder.reset();
          }}
        />
      </Card>
      <KeyTypeForm draft={draft} editing={editing} />
    </>
  );
}
