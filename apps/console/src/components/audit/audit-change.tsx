'use client';
/**
 * An audit entry's before/after. Draft edits store `{ revision, changes: [{path, before,
 * after}] }` as `after`; other entries store whole values, shown side by side.
 */
import { z } from 'zod';
import { DiffTable } from '~/components/ui/diff-table.tsx';

const ZChanges = z.array(z.object({ path: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }));
const ZDraftEdit = z.object({ revision: z.number(), changes: ZChanges });

export function AuditChange({ before, after }: { before: unknown; after: unknown }) {
  const draftEdit = ZDraftEdit.safeParse(after);
  if (draftEdit.success) {
    return (
      <div className="stack" data-testid="audit-change">
        <span className="muted">Draft revision {draftEdit.data.revision}</span>
        <DiffTable rows={draftEdit.data.changes} />
      </div>
    );
  }
  return (
    <div className="row" style={{ alignItems: 'flex-start' }} data-testid="audit-change">
      <div style={{ flex: 1, minWidth: 0 }}>
        <h3>Before</h3>
        <pre>{before === null ? '—' : JSON.stringify(before, null, 2)}</pre>
      </div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <h3>After</h3>
        <pre>{after === null ? '—' : JSON.stringify(after, null, 2)}</pre>
      </div>
    </div>
  );
}
