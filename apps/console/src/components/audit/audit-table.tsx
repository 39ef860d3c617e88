'use client';
import { Fragment, useState } from 'react';
import { Badge } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';
import type { TListAuditResponse } from '@switchyard/api/schemas';
import { AuditChange } from './audit-change.tsx';

type TEntry = TListAuditResponse['entries'][number];

const OUTCOME_TONE = { ok: 'ok', denied: 'warn', error: 'danger' } as const;

export function AuditTable({ entries }: { entries: ReadonlyArray<TEntry> }) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  if (entries.length === 0) return <p className="muted">No audit entries match.</p>;
  return (
    <table data-testid="audit-table">
      <thead>
        <tr>
          <th>When</th>
          <th>Actor</th>
          <th>Action</th>
          <th>Target</th>
          <th>Outcome</th>
          <th>Reason</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <Fragment key={entry.id}>
            <tr data-testid={`audit-${entry.id}`} data-action={entry.action}>
              <td>
                <Time value={entry.at} />
              </td>
              <td>{entry.actor}</td>
              <td className="mono">{entry.action}</td>
              <td className="mono">{entry.target}</td>
              <td>
                <Badge tone={OUTCOME_TONE[entry.outcome]}>{entry.outcome}</Badge>
              </td>
              <td>{entry.reason ?? <span className="muted">—</span>}</td>
              <td>
                {entry.before === null && entry.after === null ? null : (
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open.has(entry.id)}
                    onClick={() => toggle(entry.id)}
                  >
                    {open.has(entry.id) ? 'Hide change' : 'Show change'}
                  </button>
                )}
              </td>
            </tr>
            {open.has(entry.id) ? (
              <tr>
                <td colSpan={7}>
                  <AuditChange before={entry.before} after={entry.after} />
                </td>
              </tr>
            ) : null}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
