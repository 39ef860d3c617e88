'use client';
/** A refused draft edit; a stale revision gets its own message and a reload button. */
import { useQueryClient } from '@tanstack/react-query';
import { ErrorBanner, Notice } from '~/components/ui/error-banner.tsx';
import { toApiError } from '~/lib/trpc-error.ts';

export function DraftEditError({ error, onReset }: { error: unknown; onReset?: () => void }) {
  const queryClient = useQueryClient();
  if (!error) return null;
  const apiError = toApiError(error);
  if (apiError.code !== 'CONFLICT') return <ErrorBanner error={error} title="Edit refused" />;
  return (
    <Notice tone="danger" testId="draft-conflict">
      <strong>Someone else edited the draft; reload.</strong>
      <span className="muted">{apiError.message}</span>
      <span>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            onReset?.();
            void queryClient.invalidateQueries();
          }}
        >
          Reload draft
        </button>
      </span>
    </Notice>
  );
}
