'use client';
/** Remove with a browser confirm; removals are draft edits too, so nothing is live until publish. */
export function RemoveButton({ label, onRemove, disabled }: { label: string; onRemove: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="secondary"
      aria-label={label}
      disabled={disabled}
      onClick={() => {
        if (window.confirm(`${label}? This changes the draft; publish to make it live.`)) onRemove();
      }}
    >
      Remove
    </button>
  );
}
