'use client';
import type { ReactNode } from 'react';

/**
 * Remove with a browser confirm; removals are draft edits too, so nothing is live until
 * publish. The label goes in `title`, not `aria-label`, so it never collides with a form
 * field's label ("Remove code 1" vs the "Code" input) for label-based lookups.
 */
function RemoveButton({ label, onRemove, disabled }: { label: string; onRemove: () => void; disabled?: boolean }) {
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

/** The actions cell of a model table row: Edit, any extra actions, then Remove. */
export function RowActions({
  onEdit,
  removeLabel,
  onRemove,
  children,
}: {
  onEdit: () => void;
  removeLabel: string;
  onRemove: () => void;
  children?: ReactNode;
}) {
  return (
    <td>
      <div className="row">
        <button type="button" className="secondary" onClick={onEdit}>
          Edit
        </button>
        {children}
        <RemoveButton label={removeLabel} onRemove={onRemove} />
      </div>
    </td>
  );
}
