'use client';
/**
 * A modal panel. Rendered inline (not a portal) with role="dialog", so tests and screen
 * readers find it by its title. It behaves as a modal should for keyboard users: focus
 * moves into it on open, Tab and Shift+Tab stay inside it, Escape closes it, and focus
 * returns to the control that opened it.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import styles from './dialog.module.css';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(panel: HTMLElement): HTMLElement[] {
  return [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.offsetParent !== null || el === document.activeElement,
  );
}

/** The first field to fill in, else the first control that is not the ✕ in the header. */
function initialFocus(panel: HTMLElement): HTMLElement {
  const body = panel.querySelector<HTMLElement>('[data-dialog-body]');
  const inBody = body ? focusables(body) : [];
  return inBody.find((el) => el.matches('input, select, textarea')) ?? inBody[0] ?? focusables(panel)[0] ?? panel;
}

export function Dialog({ title, onClose, children, testId, wide }: DialogProps) {
  const titleId = useId();
  const panelRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    if (panel) initialFocus(panel).focus();
    return () => {
      // The opener may have been re-rendered away; then focus falls back to the page.
      if (opener && opener.isConnected) opener.focus();
    };
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const panel = panelRef.current;
      if (event.key === 'Escape') {
        event.preventDefault();
        closeRef.current();
        return;
      }
      if (event.key !== 'Tab' || !panel) return;
      const items = focusables(panel);
      if (items.length === 0) {
        event.preventDefault();
        panel.focus();
        return;
      }
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const active = document.activeElement;
      const outside = !(active instanceof Node) || !panel.contains(active);
      if (event.shiftKey && (active === first || outside)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && (active === last || outside)) {
        event.preventDefault();
        first.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className={styles.backdrop}>
      <div
        ref={panelRef}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className={`${styles.panel} ${wide ? styles.wide : ''}`}
        data-testid={testId}
      >
        <header className={styles.header}>
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="link" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </header>
        <div className={styles.body} data-dialog-body>
          {children}
        </div>
      </div>
    </div>
  );
}
