'use client';
/**
 * A modal panel. Rendered inline (not a portal) with role="dialog", so tests and screen
 * readers find it by its title; Escape closes it.
 */
import { useEffect, useId, type ReactNode } from 'react';
import styles from './dialog.module.css';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

export function Dialog({ title, onClose, children, testId, wide }: DialogProps) {
  const titleId = useId();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className={styles.backdrop}>
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} className={`${styles.panel} ${wide ? styles.wide : ''}`} data-testid={testId}>
        <header className={styles.header}>
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="link" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className={styles.body}>{children}</div>
      </div>
    </div>
  );
}
