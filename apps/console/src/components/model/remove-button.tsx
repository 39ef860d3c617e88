'use client';
/**
 * Remove with a browser confirm; removals are draft edits too, so nothing is live until
 * publish. The label goes in `title`, not `aria-label`, so it never collides with a form
 * field's label ("Remove code 1" vs the "Code" input) for label-based lookups.
 */
export function RemoveButton({ label, onRemove, disabled }: { label: string; onRemove: () => void; disabled?: boolean }) {
  return (
    <button
      type="button"
      className="secondary"
      title={label}
      disabled={disabled}
      onClick={() => {
        if (window.confirm(`${label}? This changes the draft; publish to make it live.`)) onRemove();
      }}
    >
      Remove
    </button>
  );
}
