'use client';
import { Badge, Card } from '~/components/ui/card.tsx';
import { Time } from '~/components/ui/time.tsx';
import type { TFailoverStatusResponse } from '@switchyard/api/schemas';
import { MirrorTable } from './mirror-table.tsx';

export type TRegionStatus = TFailoverStatusResponse['regions'][number];

interface Props {
  status: TRegionStatus;
  otherRegions: ReadonlyArray<string>;
  onRoute: (to: string) => void;
  onClear: () => void;
}

/** One region: where its traffic goes now, its mirrors, and the switch buttons. */
export function RegionCard({ status, otherRegions, onRoute, onClear }: Props) {
  const { region, override } = status;
  return (
    <Card
      testId={`region-card-${region}`}
      title={
        <span className="row">
          {region}
          {status.label ? <span className="muted">{status.label}</span> : null}
          {override ? (
            <Badge tone="danger" testId={`failover-state-${region}`}>
              failed over → {override.to}
            </Badge>
          ) : (
            <Badge tone="ok" testId={`failover-state-${region}`}>
              serving at home
            </Badge>
          )}
        </span>
      }
    >
      {override ? (
        <p>
          Since <Time value={override.since} />
          {override.reason ? <> — “{override.reason}”</> : null}
        </p>
      ) : null}
      <div className="row">
        {override ? (
          <button type="button" className="danger" onClick={onClear} data-testid={`failback-${region}`}>
            Clear failover for {region}
          </button>
        ) : (
          otherRegions.map((to) => (
            <button key={to} type="button" className="danger" onClick={() => onRoute(to)}>
              Route {region} traffic to {to}
            </button>
          ))
        )}
      </div>
      {status.homes.length > 0 ? (
        <table data-testid={`fences-${region}`}>
          <thead>
            <tr>
              <th>Old home</th>
              <th>Fence</th>
            </tr>
          </thead>
          <tbody>
            {status.homes.map((home) => (
              <tr key={home.home} data-state={home.state}>
                <td className="mono">{home.home}</td>
                <td>
                  <Badge tone={home.state === 'fenced' ? 'ok' : 'danger'}>{home.state}</Badge> {home.plan}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <details open={Boolean(override)}>
        <summary>
          Mirrors that take {region}&apos;s traffic ({status.mirrors.length})
        </summary>
        <MirrorTable mirrors={status.mirrors} testId={`mirrors-${region}`} />
      </details>
    </Card>
  );
}
