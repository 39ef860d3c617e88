'use client';
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { CallerForm, type TCallerDraft } from './caller-form.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { RowActions } from './row-actions.tsx';
import { SecretOnceDialog } from './secret-once-dialog.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function CallersEditor({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const [editing, setEditing] = useState<TCallerDraft | null>(null);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const remove = useMutation(trpc.callers.remove.mutationOptions({ onSuccess: invalidate }));
  const rotate = useMutation(
    trpc.callers.rotateSecret.mutationOptions({
      onSuccess: async (data) => {
        setSecret({ name: data.name, secret: data.secret });
        await invalidate();
      },
    }),
  );
  return (
    <>
      <Card title="Callers">
        <table data-testid="callers-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Commands</th>
              <th>Key types</th>
              <th>QPS limit</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.snapshot.callers.map((caller) => (
              <tr key={caller.name} data-testid={`caller-${caller.name}`}>
                <td className="mono">{caller.name}</td>
                <td className="mono">{caller.commands.join(' ')}</td>
                <td className="mono">{caller.keyTypes.join(' ')}</td>
                <td>{caller.qpsLimit ?? <span className="muted">none</span>}</td>
                <RowActions
                  onEdit={() => setEditing(caller)}
                  removeLabel={`Remove caller ${caller.name}`}
                  onRemove={() => remove.mutate({ expectedRevision: draft.revision, name: caller.name })}
                >
                  <button
                    type="button"
                    className="secondary"
                    title={`Rotate the secret of ${caller.name}`}
                    onClick={() => {
                      if (
                        window.confirm(
                          `Issue a new secret for ${caller.name}? The old one stops working once the draft is published.`,
                        )
                      )
                        rotate.mutate({ expectedRevision: draft.revision, name: caller.name });
                    }}
                  >
                    Rotate secret
                  </button>
                </RowActions>
              </tr>
            ))}
          </tbody>
        </table>
        <DraftEditError
          error={remove.error ?? rotate.error}
          onReset={() => {
            remove.reset();
            rotate.reset();
          }}
        />
      </Card>
      <CallerForm
        draft={draft}
        editing={editing}
        onDoneEditing={() => setEditing(null)}
        onSecret={(name, value) => setSecret({ name, secret: value })}
      />
      {secret ? <SecretOnceDialog name={secret.name} secret={secret.secret} onClose={() => setSecret(null)} /> : null}
    </>
  );
}
