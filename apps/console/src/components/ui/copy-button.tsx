'use client';
import { useState } from 'react';

/** Copies a value to the clipboard; falls back silently where the Clipboard API is absent (plain http). */
export function CopyButton({ value, label = 'Copy', testId }: { value: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="secondary" data-testid={testId} onClick={() => void copy()}>
      {copied ? 'Copied' : label}
    </button>
  );
}
