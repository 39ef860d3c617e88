'use client';
/** /migrations/<id>: phase and controls, timeline, backfill progress, reconciliation, compensation. */
import { useQuery } from '@tanstack/react-query';
import { MIGRATION_PHASE_ORDER } from '@switchyard/core';
import type { TMigrationStatus } from '@switchyard/api/schemas';
import { useTRPC } from '~/trpc/react.tsx';
import { Badge, Card, PageHeader, Stat } from '~/components/ui/card.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { Time } from '~/components/ui/time.tsx';
import { RoleGate } from '~/components/auth/session.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import { DeadLetters } from './dead-letters.tsx';
import { phaseTone } from './phase.ts';
import { PhaseControls } from './phase-controls.tsx';
import { QueueDepthChart } from './queue-depth-chart.tsx';
import { ReconByKeyTypeChart, ReconOutcomeChart, RepairChart } from './recon-charts.tsx';
import { ReconDifferences } from './recon-differences.tsx';
import { ReconFilters } from './recon-filters.tsx';
import { ShadowReads } from './shadow-reads.tsx';

const REFRESH_MS = 3_000;

function PhaseBar({ m }: { m: TMigrationStatus }) {
  const at = MIGRATION_PHASE_ORDER.indexOf(m.phase);
  return (
    <ol className="row" data-testid="phase-bar" aria-label="Phases">
      {MIGRATION_PHASE_ORDER.map((p, i) => (
        // The current phase stands out in every phase, DUAL_WRITE included (its own tone is neutral, like the phases to come).
        <li key={p} style={{ listStyle: 'none' }} aria-current={p === m.phase ? 'step' : undefined}>
          <Badge
            tone={p === m.phase ? (phaseTone(p) === 'neutral' ? 'warn' : phaseTone(p)) : i < at ? 'ok' : 'neutral'}
            {...(p === m.phase ? { testId: 'phase-current' } : {})}
          >
            {p === m.phase ? '▶ ' : ''}
            {p}
            {p === m.phase && m.percent ? ` ${m.percent}%` : ''}
          </Badge>
        </li>
      ))}
      {m.phase === 'ABORTED' ? (
        <li style={{ listStyle: 'none' }}>
          <Badge tone="danger">ABORTED</Badge>
        </li>
      ) : null}
    </ol>
  );
}

function Timeline({ m }: { m: TMigrationStatus }) {
  return (
    <table data-testid="migration-timeline">
      <thead>
        <tr>
          <th>When</th>
          <th>Who</th>
          <th>Transition</th>
          <th>Version</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {[...m.events].reverse().map((e) => (
          <tr key={e.id}>
            <td>
              <Time value={e.at} />
            </td>
            <td>{e.actor}</td>
            <td>
              {e.fromPhase ?? 'created'} → {e.toPhase}
              {e.percent !== null ? ` ${e.percent}%` : ''}
              {e.override ? (
                <>
                  {' '}
                  <Badge tone="warn">override: {e.override}</Badge>
                </>
              ) : null}
            </td>
            <td>{e.version !== null ? `v${e.version}` : ''}</td>
            <td>{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What 0/0 means, so an empty panel is not mistaken for a broken one. */
function CompensationHint({ c }: { c: TMigrationStatus['compensation'] }) {
  if (!c.reachable)
    return (
      <Notice tone="warn" testId="compensation-hint">
        The control instance did not answer, so the queue depth is unknown (not zero). Check the instance named
        “control” on the Instances page.
      </Notice>
    );
  if (c.queued === 0 && c.dead === 0)
    return (
      <p className="muted" data-testid="compensation-hint">
        Nothing to compensate: every dual write reached both instances. A write that fails on the second instance is
        queued here and retried by the migrator; after its attempts run out it becomes a dead letter you can replay.
      </p>
    );
  return (
    <p className="muted" data-testid="compensation-hint">
      Queued writes are retried by the migrator with backoff; dead letters need a replay below.
    </p>
  );
}

export function MigrationDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.migrations.status.queryOptions({ id }), refetchInterval: REFRESH_MS });
  const report = useQuery({ ...trpc.recon.report.queryOptions({ id, limit: 50 }), refetchInterval: REFRESH_MS });
  return (
    <QueryState query={status} label="migration">
      {(m) => (
        <>
          <PageHeader
            title={`Migration ${m.name}`}
            subtitle={`${m.id}: code ${m.code}${m.scope ? ` where mid % ${m.scope.modulo} == ${m.scope.remainder}` : ''}, ${m.from} → ${m.to} (published v${m.publishedVersion})`}
          />
          <div className="stack">
            <Card
              title="Phase"
              testId="migration-phase"
              actions={
                <Badge tone={phaseTone(m.phase)} testId="migration-phase-badge">
                  {m.phase}
                  {m.percent ? ` ${m.percent}%` : ''}
                </Badge>
              }
            >
              <PhaseBar m={m} />
              <RoleGate need="operator">
                {/* Finished migrations offer no Advance/Roll back form (defect 14); an aborted one can still be resumed on purpose. */}
                {m.phase === 'DONE' ? (
                  <p className="muted" data-testid="migration-finished">
                    Finished: every key of the scope lives on {m.to}; nothing is left to advance or roll back.
                  </p>
                ) : m.phase === 'ABORTED' ? (
                  <details data-testid="migration-finished">
                    <summary>Aborted: traffic is back on {m.from}. Resume it (back to DUAL_WRITE)…</summary>
                    <PhaseControls key={`${m.phase}-${m.percent}`} migration={m} />
                  </details>
                ) : (
                  <PhaseControls key={`${m.phase}-${m.percent}`} migration={m} />
                )}
              </RoleGate>
            </Card>
            {m.phase === 'GRAY_READ' || m.phase === 'RECONCILE' || m.phase === 'WRITE_ORDER_SWITCH' ? (
              <ShadowReads id={m.id} refreshMs={REFRESH_MS} />
            ) : null}
            <Card title="Backfill" testId="backfill-progress">
              <div className="row">
                <Stat label="Scanned" value={m.backfill.scanned} testId="backfill-scanned" />
                <Stat label="In scope" value={m.backfill.inScope} />
                <Stat label="Copied" value={m.backfill.copied} testId="backfill-copied" />
                <Stat label="Skipped (present)" value={m.backfill.skipped} />
                <Stat
                  label="State"
                  value={m.backfill.done ? 'done' : m.backfill.checkpoints === 0 ? 'not started' : 'running'}
                  testId="backfill-state"
                />
              </div>
              {m.backfill.updatedAt ? (
                <p className="muted">
                  Checkpoint <Time value={m.backfill.updatedAt} />
                </p>
              ) : null}
            </Card>
            <Card
              title="Reconciliation"
              testId="recon-card"
              actions={
                <Badge tone={m.latestRecon.unresolved > 0 ? 'danger' : 'ok'} testId="recon-unresolved">
                  {m.latestRecon.unresolved} unresolved
                </Badge>
              }
            >
              <ReconDifferences id={m.id} refreshMs={REFRESH_MS} />
              <ReconFilters id={m.id} />
              <QueryState query={report} label="reconciliation runs">
                {(r) => (
                  <div className="stack">
                    <h3>Outcomes per run</h3>
                    <ReconOutcomeChart runs={r.runs} />
                    <h3>Differences by key type and direction</h3>
                    <ReconByKeyTypeChart runs={r.runs} />
                    <h3>Repairs</h3>
                    <RepairChart runs={r.runs} />
                  </div>
                )}
              </QueryState>
            </Card>
            <Card title="Compensation" testId="compensation-card">
              <div className="row">
                <Stat label="Queued" value={m.compensation.queued} testId="compensation-queued" />
                <Stat label="Dead letters" value={m.compensation.dead} testId="compensation-dead" />
              </div>
              <CompensationHint c={m.compensation} />
              <QueueDepthChart queued={m.compensation.queued} dead={m.compensation.dead} at={status.dataUpdatedAt} />
              <DeadLetters id={m.id} refreshMs={REFRESH_MS} />
            </Card>
            <Card title="Timeline">
              <Timeline m={m} />
            </Card>
          </div>
        </>
      )}
    </QueryState>
  );
}
