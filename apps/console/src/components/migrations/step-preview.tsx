'use client';
/** The server's preview of one phase step: routing shares before → after, effects, the gate. */
import type { TPreviewStepResponse } from '@switchyard/api/schemas';
import { Notice } from '~/components/ui/error-banner.tsx';
import { KeyValue } from '~/components/ui/key-value.tsx';
import { Time } from '~/components/ui/time.tsx';

interface PreviewQuery {
  data?: TPreviewStepResponse | undefined;
  isLoading: boolean;
  error: unknown;
}

type Run = TPreviewStepResponse['gate']['forward'];

function RunLine({ run, since }: { run: Run; since: string }) {
  if (run === null) return <span className="muted">none finished yet</span>;
  const current = run.startedAt >= since;
  return (
    <span>
      finished <Time value={run.finishedAt} />, {run.unresolved} unresolved
      {current ? '' : ' (started before this step began: stale)'}
    </span>
  );
}

export function StepPreview({ preview }: { preview: PreviewQuery }) {
  const p = preview.data;
  if (preview.isLoading) return <p className="muted">Previewing…</p>;
  if (!p) return preview.error ? <Notice tone="danger">The preview failed; the step was not applied.</Notice> : null;
  const shares = (s: TPreviewStepResponse['before'] | null) =>
    s ? `${s.phase}: reads new ${s.readsNewPercent}%, writes ${s.writeOrder}, new only ${s.newOnlyPercent}%` : '—';
  return (
    <div className="stack" data-testid="phase-preview">
      <KeyValue
        rows={[
          ['Now', shares(p.before)],
          ['After', shares(p.after)],
          ['Forward run', <RunLine key="f" run={p.gate.forward} since={p.gate.stepStartedAt} />],
          ['Reverse run', <RunLine key="r" run={p.gate.reverse} since={p.gate.stepStartedAt} />],
          ['Max age', `${Math.round(p.gate.maxAgeMs / 3600_000)} h`],
        ]}
      />
      <StepCapacity preview={p} />
      {p.effects.length ? (
        <ul data-testid="phase-effects">
          {p.effects.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
      {p.ok ? (
        <Notice tone="ok" testId="phase-gate">
          The guard rails pass.
        </Notice>
      ) : (
        <Notice tone={p.overridable ? 'warn' : 'danger'} testId="phase-refusal">
          {p.code}: {p.message}
          {p.overridable ? ' — to go ahead anyway, give an override reason below; it is audited.' : ''}
        </Notice>
      )}
    </div>
  );
}

/** What the step moves onto the target and the safety rules on it (issue 18). */
function StepCapacity({ preview: p }: { preview: TPreviewStepResponse }) {
  const c = p.capacity;
  const r = c.receiver;
  const hard = p.rules.some((x) => !x.ok && !x.soft);
  const soft = p.rules.some((x) => !x.ok && x.soft);
  return (
    <Notice tone={hard ? 'danger' : soft ? 'warn' : 'ok'} testId="phase-capacity">
      <p style={{ margin: 0 }}>
        Moves {c.readsToTargetQps} reads/s onto <span className="mono">{c.target}</span> ({c.source}: {c.sourceQps}{' '}
        ops/s, {c.sourceReadsQps ?? '?'} reads/s over the last {c.windowSec / 60} min; scope {c.sharePercent}%),{' '}
        {c.memoryBytes ?? '?'} dataset bytes in scope. {r.name}: {r.qpsNow} → {r.qpsAfter} ops/s
        {r.opsCapacity ? ` of ${r.opsCapacity} (${r.headroom.opsPercentAfter}%)` : ''}
        {r.headroom.memoryFreePercent === null ? '' : `, ${r.headroom.memoryFreePercent}% of maxmemory free`}.
      </p>
      {p.rules.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {p.rules.map((x) => (
            <li key={x.name} data-rule={x.name} data-ok={x.ok}>
              <span className="mono">{x.name}</span>
              {x.soft ? ' (soft)' : ''}: {x.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Notice>
  );
}
