'use client';
/** What a failover would change, before it happens: codes and keys that move, mirrors, interlocks. */
import { Badge } from '~/components/ui/card.tsx';
import { Notice } from '~/components/ui/error-banner.tsx';
import type { TFailoverPreviewResponse } from '@switchyard/api/schemas';
import { MirrorTable } from './mirror-table.tsx';

export function ImpactPreview({ preview }: { preview: TFailoverPreviewResponse }) {
  return (
    <div className="stack" data-testid="impact-preview">
      <p className="muted">Based on published version v{preview.basedOnVersion}.</p>
      <Interlocks preview={preview} />
      <SafetyRules preview={preview} />
      <section>
        <h3>Storage codes that move ({preview.codes.length})</h3>
        <table data-testid="impact-codes">
          <thead>
            <tr>
              <th>Code</th>
              <th>Identity</th>
              <th>From ({preview.from})</th>
              <th>To ({preview.to})</th>
            </tr>
          </thead>
          <tbody>
            {preview.codes.map((code) => (
              <tr key={code.code}>
                <td>{code.code}</td>
                <td>{code.identity}</td>
                <td className="mono">{code.fromInstance}</td>
                <td className="mono">{code.toInstance ?? <Badge tone="danger">no mirror</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h3>Mirror link status</h3>
        <MirrorTable mirrors={preview.mirrors} testId="impact-mirrors" />
      </section>
      {preview.writeLog.length > 0 ? (
        <section>
          <h3>Write-log mirrors (promote = drain the log)</h3>
          <table data-testid="impact-write-log">
            <thead>
              <tr>
                <th>Mirror</th>
                <th>Lag</th>
                <th>Redo</th>
              </tr>
            </thead>
            <tbody>
              {preview.writeLog.map((w) => (
                <tr key={w.mirror}>
                  <td className="mono">
                    {w.mirror} (code {w.code})
                  </td>
                  <td>
                    <Badge tone={w.overThreshold ? 'danger' : 'ok'}>
                      {w.reachable ? `${w.lagEntries} entries, ${w.lagSeconds?.toFixed(1)} s` : 'unknown'}
                    </Badge>
                  </td>
                  <td>{w.redoPerSecond ?? '—'} keys/s</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section>
        <h3>What happens to the old homes (fencing)</h3>
        <table data-testid="impact-fencing">
          <thead>
            <tr>
              <th>Home</th>
              <th>Now</th>
              <th>After the switch</th>
            </tr>
          </thead>
          <tbody>
            {preview.homes.map((home) => (
              <tr key={home.home}>
                <td className="mono">{home.home}</td>
                <td>
                  <Badge tone={home.reachable ? 'neutral' : 'danger'}>{home.state}</Badge>
                </td>
                <td>{home.plan}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {preview.keys.length > 0 ? <SampleKeys preview={preview} /> : null}
    </div>
  );
}

function SafetyRules({ preview }: { preview: TFailoverPreviewResponse }) {
  if (preview.rules.length === 0 && preview.instances.length === 0 && preview.impact.qps.total === 0) return null;
  const hard = preview.rules.some((r) => !r.ok && !r.soft);
  const soft = preview.rules.some((r) => !r.ok && r.soft);
  return (
    <Notice tone={hard ? 'danger' : soft ? 'warn' : 'ok'} testId="safety-rules-preview">
      <strong>
        Safety rules
        {hard
          ? ': breached (an admin may override with a break-glass reason)'
          : soft
            ? ': soft warnings'
            : ': all pass'}
      </strong>
      <p style={{ margin: 0 }} data-testid="impact-capacity">
        Moves {preview.impact.qps.total} ops/s ({preview.impact.qps.reads ?? '?'} reads,{' '}
        {preview.impact.qps.writes ?? '?'} writes; last {preview.impact.windowSec / 60} min),{' '}
        {preview.impact.memoryBytes ?? '?'} dataset bytes
        {preview.impact.qps.byCaller.length > 0
          ? `; by caller: ${preview.impact.qps.byCaller.map((c) => `${c.caller} ${c.reads} r/s + ${c.writes} w/s`).join(', ')}`
          : ''}
        {preview.impact.hotKeys.length > 0
          ? `; hot keys: ${preview.impact.hotKeys.map((k) => `${k.key} (${k.qps}/s)`).join(', ')}`
          : ''}
      </p>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {preview.rules.map((r) => (
          <li key={r.name} data-rule={r.name} data-ok={r.ok}>
            <span className="mono">{r.name}</span>
            {r.soft ? ' (soft)' : ''}: {r.message}
          </li>
        ))}
        {preview.instances.map((i) => (
          <li key={i.name} data-instance={i.name}>
            receiving <span className="mono">{i.name}</span>:{' '}
            {i.reachable
              ? `${i.headroom.memoryFreePercent === null ? 'no maxmemory set' : `${i.headroom.memoryFreePercent}% of maxmemory free`}`
              : 'unreachable'}
            ; {i.qpsNow} → {i.qpsAfter} ops/s
            {i.opsCapacity ? ` of ${i.opsCapacity} (${i.headroom.opsPercentAfter}%)` : ''}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function Interlocks({ preview }: { preview: TFailoverPreviewResponse }) {
  if (preview.interlocks.length === 0)
    return (
      <Notice tone="ok" testId="interlocks-ok">
        All interlocks pass.
      </Notice>
    );
  return (
    <Notice tone={preview.overridable ? 'warn' : 'danger'} testId="interlocks">
      <strong>Interlocks failing:</strong>
      <ul style={{ margin: 0, paddingLeft: 18 }}>
        {preview.interlocks.map((interlock) => (
          <li key={`${interlock.code}-${interlock.message}`} data-code={interlock.code}>
            <span className="mono">{interlock.code}</span>: {interlock.message}{' '}
            {interlock.overridable ? '(can be overridden with a reason)' : '(cannot be overridden)'}
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function SampleKeys({ preview }: { preview: TFailoverPreviewResponse }) {
  return (
    <details>
      <summary>
        Sample keys ({preview.keys.filter((key) => key.moves).length} of {preview.keys.length} move)
      </summary>
      <table>
        <thead>
          <tr>
            <th>Key</th>
            <th>Before</th>
            <th>After</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {preview.keys.map((key) => (
            <tr key={key.key} className={key.moves ? 'highlight' : undefined}>
              <td className="mono">{key.key}</td>
              <td className="mono">{key.before ?? '—'}</td>
              <td className="mono">{key.after ?? '—'}</td>
              <td>{key.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
