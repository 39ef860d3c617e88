'use client';
/** Which codes new and legacy IDs may route to, and the bottom code that catches the rest. */
import { useEffect, useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card } from '~/components/ui/card.tsx';
import { SelectField, TextField } from '~/components/ui/field.tsx';
import { DraftEditError } from './draft-edit-error.tsx';
import { useInvalidateAll } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function DeployedForm({ draft }: { draft: TDraft }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAll();
  const codes = draft.snapshot.codes.map((code) => code.code).sort((a, b) => a - b);
  const [deployed, setDeployed] = useState<ReadonlySet<number>>(new Set(draft.snapshot.deployedCodes));
  const [bottom, setBottom] = useState(String(draft.snapshot.bottom));
  const [reason, setReason] = useState('');
  const setDeployedCodes = useMutation(trpc.codes.setDeployed.mutationOptions({ onSuccess: invalidate }));
  useEffect(() => {
    setDeployed(new Set(draft.snapshot.deployedCodes));
    setBottom(String(draft.snapshot.bottom));
  }, [draft.snapshot.deployedCodes, draft.snapshot.bottom]);
  const toggle = (code: number) =>
    setDeployed((current) => {
      const next = new Set(current);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });
  return (
    <Card title="Deployed codes and bottom">
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          setDeployedCodes.mutate({
            expectedRevision: draft.revision,
            reason,
            deployedCodes: [...deployed].sort((a, b) => a - b),
            bottom: Number(bottom),
          });
        }}
      >
        <fieldset className="row">
          <legend className="muted">Deployed</legend>
          {codes.map((code) => (
            <label key={code} className="row" style={{ gap: 4 }}>
              <input type="checkbox" checked={deployed.has(code)} onChange={() => toggle(code)} />
              {code}
            </label>
          ))}
        </fieldset>
        <SelectField label="Bottom code" value={bottom} options={codes.map(String)} onChange={setBottom} />
        <TextField label="Reason" value={reason} onChange={setReason} hint="optional; goes to the audit log" />
        <DraftEditError error={setDeployedCodes.error} onReset={setDeployedCodes.reset} />
        <div className="row">
          <button type="submit" disabled={setDeployedCodes.isPending}>
            Save deployed codes
          </button>
        </div>
      </form>
    </Card>
  );
}
