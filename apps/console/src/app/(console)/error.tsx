'use client';
/** A render error in one page keeps the navigation usable and offers a retry. */
import { Notice } from '~/components/ui/error-banner.tsx';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Notice tone="danger" testId="page-error">
      <strong>This page failed to render.</strong>
      <span>{error.message}</span>
      <span>
        <button type="button" className="secondary" onClick={reset}>
          Try again
        </button>
      </span>
    </Notice>
  );
}
