'use client';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { DROP_COUNT_WINDOW_SEC, dropCountsOf } from './drop-counts.ts';
import { DropRulesTable, type TDropRule } from './drop-rules-table.tsx';
import { DropForm, type TDropKind, type TDropPrefill } from './drop-form.tsx';
import { ClearDropDialog } from './clear-drop-dialog.tsx';
import { ThrottleRules } from './throttle-rules.tsx';

const REFRESH_MS = 5_000;

export function DegradationView() {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.degradation.list.queryOptions(), refetchInterval: REFRESH_MS });
  const drops = useQuery({
    ...trpc.metrics.drops.queryOptions({ sinceSec: DROP_COUNT_WINDOW_SEC }),
    refetchInterval: REFRESH_MS,
  });
  const counts = dropCountsOf(drops.data);
  const draft = useQuery(trpc.draft.get.queryOptions());
  const callers = draft.data?.snapshot.callers.map((caller) => caller.name) ?? [];
  const [kind, setKind] = useState<TDropKind>('key');
  const [prefill, setPrefill] = useState<TDropPrefill>();
  const [clearing, setClearing] = useState<{ kind: TDropKind; target: string } | null>(null);
  const edit = (ruleKind: TDropKind) => (rule: TDropRule) => {
    setKind(ruleKind);
    setPrefill({ target: rule.target, percent: String(Number((rule.ratio * 100).toFixed(2))) });
  };
  const clear = (ruleKind: TDropKind) => (rule: TDropRule) => setClearing({ kind: ruleKind, target: rule.target });
  return (
    <>
      <PageHeader
        title="Degradation"
        subtitle="Randomly drop a share of one caller's requests or of requests for one hot key, or throttle a hot key to a QPS limit. Every change publishes a new version at once."
      />
      <RoleGate need="operator">
        <div className="stack">
          <Card title="Add or change a drop rule">
            <div className="row" role="tablist" aria-label="Rule kind">
              {(['key', 'caller'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  role="tab"
                  aria-selected={kind === option}
                  className={kind === option ? undefined : 'secondary'}
                  onClick={() => setKind(option)}
                >
                  {option === 'key' ? 'Hot key' : 'Caller'}
                </button>
              ))}
            </div>
            <DropForm key={kind} kind={kind} prefill={prefill} callers={callers} />
          </Card>
          <QueryState query={list} label="drop rules">
            {(data) => (
              <>
                <Card title={`Key drop rules (v${data.version})`}>
                  <DropRulesTable
                    kind="key"
                    rules={data.keys.map((rule) => ({ ...rule, target: rule.key }))}
                    counts={counts}
                    onEdit={edit('key')}
                    onClear={clear('key')}
                  />
                </Card>
                <Card title={`Caller drop rules (v${data.version})`}>
                  <DropRulesTable
                    kind="caller"
                    rules={data.callers.map((rule) => ({ ...rule, target: rule.caller }))}
                    counts={counts}
                    onEdit={edit('caller')}
                    onClear={clear('caller')}
                  />
                </Card>
                {counts.reported ? null : (
                  <p className="muted">Drop counts read “n/a” until the workers report them in their heartbeats.</p>
                )}
              </>
            )}
          </QueryState>
          <ThrottleRules throttled={drops.data?.reported ? drops.data.throttles : null} />
        </div>
      </RoleGate>
      {clearing ? (
        <ClearDropDialog kind={clearing.kind} target={clearing.target} onClose={() => setClearing(null)} />
      ) : null}
    </>
  );
}
