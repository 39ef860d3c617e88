'use client';
/** Publishes the draft at the revision the operator is looking at, with a reason. */
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { TextField } from '~/components/ui/field.tsx';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { ConvergenceProgress } from '~/components/fleet/convergence-progress.tsx';
import { validateWith } from '~/lib/field-errors.ts';
import { toApiError } from '~/lib/trpc-error.ts';
import { ZPublishDraftRequestSchema } from '@switchyard/api/schemas';

export function PublishForm({
  revision,
  hasProblems,
  onReload,
}: {
  revision: number;
  hasProblems: boolean;
  onReload: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  /** Seconds to watch a canary (one worker per region) before the fleet gets it; empty = publish to all. */
  const [canarySeconds, setCanarySeconds] = useState('');
  const publish = useMutation(
    trpc.draft.publish.mutationOptions({
      onSuccess: async () => {
        setReason('');
        await queryClient.invalidateQueries();
      },
    }),
  );
  const canary = canarySeconds.trim() === '' ? {} : { canary: { watchSeconds: Number(canarySeconds) } };
  const checked = validateWith(ZPublishDraftRequestSchema, { expectedRevision: revision, reason, ...canary });
  const conflict = publish.error ? toApiError(publish.error).code === 'CONFLICT' : false;
  return (
    <form
      className="stack"
      data-testid="publish-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (checked.ok) publish.mutate(checked.data);
      }}
    >
      <TextField
        label="Reason"
        value={reason}
        onChange={setReason}
        error={reason && !checked.ok ? checked.errors.reason : undefined}
        testId="publish-reason"
        multiline
      />
      <TextField
        label="Canary: watch seconds (optional)"
        type="number"
        value={canarySeconds}
        onChange={setCanarySeconds}
        error={canarySeconds && !checked.ok ? checked.errors['canary.watchSeconds'] : undefined}
        testId="publish-canary"
        hint="one worker per region first; reverted automatically on a worse error rate, p99 or drops"
      />
      {conflict ? (
        <Notice tone="danger" testId="publish-conflict">
          Someone else edited the draft; reload. <span className="muted">({toApiError(publish.error).message})</span>
          <span>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                publish.reset();
                onReload();
              }}
            >
              Reload draft
            </button>
          </span>
        </Notice>
      ) : (
        <ErrorBanner error={publish.error} title="Publish refused" />
      )}
      {publish.data ? (
        <div className="stack" data-testid="publish-result">
          <Notice tone="ok">
            Published v{publish.data.version} ({publish.data.hash.slice(0, 12)}).
          </Notice>
          <ConvergenceProgress version={publish.data.version} />
        </div>
      ) : null}
      <div className="row">
        <button type="submit" disabled={!checked.ok || hasProblems || publish.isPending}>
          {publish.isPending ? 'Publishing…' : `Publish revision ${revision}`}
        </button>
        {hasProblems ? <span className="muted">Fix the problems first.</span> : null}
      </div>
    </form>
  );
}
