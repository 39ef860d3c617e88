'use client';
/**
 * Frame of every model page: loads the draft, disables every control for non-admins (model
 * edits need the admin role on the server), and shows which revision edits are based on.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { useDraft } from './use-draft.ts';
import type { TDraft } from './model-types.ts';

export function ModelPage({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: (draft: TDraft) => ReactNode;
}) {
  const draft = useDraft();
  return (
    <>
      <PageHeader
        title={title}
        subtitle={subtitle}
        actions={
          draft.data ? (
            <span className="row">
              <span className="muted">Draft revision {draft.data.revision}</span>
              {draft.data.problems.length > 0 ? (
                <Link href="/draft">
                  <Badge tone="warn">
                    {draft.data.problems.length} problem{draft.data.problems.length === 1 ? '' : 's'}
                  </Badge>
                </Link>
              ) : null}
            </span>
          ) : null
        }
      />
      <QueryState query={draft} label="draft">
        {(data) => <RoleGate need="admin">{children(data)}</RoleGate>}
      </QueryState>
    </>
  );
}
