'use client';
/** Shows a server error: its tRPC code, the server's message and what to do about it. */
import type { ReactNode } from 'react';
import { adviceFor, toApiError } from '~/lib/trpc-error.ts';
import styles from './banner.module.css';

export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const apiError = toApiError(error);
  const advice = adviceFor(apiError.code, apiError.apiCode);
  return (
    <div
      role="alert"
      className={`${styles.banner} ${styles.danger}`}
      data-testid="error-banner"
      data-code={apiError.code}
    >
      <strong>
        {title ?? 'Request failed'} ({apiError.apiCode ?? apiError.code})
      </strong>
      <div>{apiError.message}</div>
      {advice ? <div className={styles.advice}>{advice}</div> : null}
    </div>
  );
}

export function Notice({
  tone,
  children,
  testId,
}: {
  tone: 'ok' | 'warn' | 'danger' | 'info';
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === 'danger' ? 'alert' : 'status'}
      className={`${styles.banner} ${styles[tone]}`}
      data-testid={testId}
    >
      {children}
    </div>
  );
}
