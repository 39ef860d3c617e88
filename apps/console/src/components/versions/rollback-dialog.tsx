'use client';
/**
 * Rollback republishes an old version as a new one and resets the draft to it. The dialog
 * first shows what would change (today's config → what is published; today's migrations
 * are kept) and says "no change" when the version equals the current config.
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Dialog } from '~/components/ui/dialog.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { ConvergenceProgress } from '~/components/fleet/convergence-progress.tsx';
import { DiffTable } from '~/components/ui/diff-table.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { ZRollbackVersionRequestSchema } from '@switchyard/api/schemas';

export function RollbackDialog({ version, onClose }: { version: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [sure, setSure] = useState(false);
  const rollback = useMutation(
    trpc.versions.rollback.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  const preview = useQuery(trpc.versions.rollbackPreview.queryOptions({ version }));
  const checked = validateWith(ZRollbackVersionRequestSchema, { version, reason });
  return (
    <Dialog title={`Roll back to v${version}`} onClose={onClose} testId="rollback-dialog">
      {rollback.data ? (
        <div className="stack" data-testid="rollback-result">
          {rollback.data.changed ? (
            <>
              <Notice tone="ok">
                Published v{rollback.data.version} with the config of v{version} (today&apos;s migrations kept); the
                draft was reset to it.
              </Notice>
              <ConvergenceProgress version={rollback.data.version} />
            </>
          ) : (
            <Notice tone="info" testId="rollback-no-change">
              No change: v{version} with today&apos;s migrations equals the current v{rollback.data.version}, so nothing
              was published. The draft was reset to it.
            </Notice>
          )}
          <div className="row">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            if (checked.ok && sure) rollback.mutate(checked.data);
          }}
        >
          <p>
            This publishes the config of v{version} as a new version, which every worker applies, and replaces the
            current draft with it. Unpublished draft edits are lost. Migrations are not rolled back: they keep their
            phase of today (use the migration page to move them).
          </p>
          <QueryState query={preview} label="rollback preview">
            {(p) => (
              <div className="stack" data-testid="rollback-preview">
                {p.changes.length === 0 ? (
                  <Notice tone="info">
                    No change: v{version} with today&apos;s migrations equals the current v{p.currentVersion}.
                  </Notice>
                ) : (
                  <DiffTable rows={p.changes} testId="rollback-diff" />
                )}
                <p className="muted" data-testid="rollback-kept">
                  Kept as they are today: {p.keptMigrations.length ? p.keptMigrations.join(', ') : 'no migrations'}.
                </p>
                {p.refusal ? <Notice tone="danger">{p.refusal}</Notice> : null}
              </div>
            )}
          </QueryState>
          <TextField
            label="Reason"
            value={reason}
            onChange={setReason}
            error={reason && !checked.ok ? checked.errors.reason : undefined}
            testId="rollback-reason"
            multiline
          />
          <label className="row">
            <input type="checkbox" checked={sure} onChange={(event) => setSure(event.target.checked)} />I understand
            that this republishes v{version} and resets the draft
          </label>
          <ErrorBanner error={rollback.error} title="Rollback refused" />
          <div className="row">
            <button type="submit" className="danger" disabled={!checked.ok || !sure || rollback.isPending}>
              Confirm rollback to v{version}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
