'use client';
/** Traffic, latency, drops, cache and errors over time, plus hot and big keys; refreshed every 5 s. */
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react.tsx';
import { Card, PageHeader } from '~/components/ui/card.tsx';
import { SelectField } from '~/components/ui/field.tsx';
import { QueryState } from '~/components/ui/query-state.tsx';
import { TimeSeriesChart } from './time-series-chart.tsx';
import { BigKeysTable, HotKeysTable, type THotKeyAction } from './key-tables.tsx';
import { DropKeyDialog } from './drop-key-dialog.tsx';
import { CacheKeyTypeDialog } from './cache-key-type-dialog.tsx';
import { ThrottleDialog } from '../degradation/throttle-dialog.tsx';

export const REFRESH_MS = 5_000;

const WINDOWS = [
  { value: '900', label: 'Last 15 minutes' },
  { value: '3600', label: 'Last hour' },
  { value: '21600', label: 'Last 6 hours' },
  { value: '86400', label: 'Last 24 hours' },
  { value: '604800', label: 'Last 7 days' },
];

export function DashboardsView() {
  const trpc = useTRPC();
  const [since, setSince] = useState('900');
  const sinceSec = Number(since);
  const live = { refetchInterval: REFRESH_MS };
  const byRegion = useQuery({ ...trpc.metrics.traffic.queryOptions({ sinceSec, by: 'region' }), ...live });
  const byCaller = useQuery({ ...trpc.metrics.traffic.queryOptions({ sinceSec, by: 'caller' }), ...live });
  const latency = useQuery({ ...trpc.metrics.latency.queryOptions({ sinceSec }), ...live });
  const drops = useQuery({ ...trpc.metrics.drops.queryOptions({ sinceSec }), ...live });
  const cache = useQuery({ ...trpc.metrics.cache.queryOptions({ sinceSec }), ...live });
  const errors = useQuery({ ...trpc.metrics.errorsByInstance.queryOptions({ sinceSec }), ...live });
  const hot = useQuery({ ...trpc.metrics.hotKeys.queryOptions({ sinceSec: 60, limit: 10 }), ...live });
  const big = useQuery({ ...trpc.metrics.bigKeys.queryOptions({ sinceSec: 300, limit: 10 }), ...live });
  const events = useQuery({ ...trpc.metrics.events.queryOptions({ sinceSec }), ...live }).data ?? [];
  const [action, setAction] = useState<THotKeyAction | null>(null);
  return (
    <>
      <PageHeader
        title="Dashboards"
        subtitle="Summed over every worker's heartbeats (10 s buckets). Rates are per second; a request counts toward the region of the instance that served it. Dashed markers are publishes, failovers, drop rules and migration steps: hover one for who and why."
        actions={<SelectField label="Window" value={since} options={WINDOWS} onChange={setSince} />}
      />
      <div className="grid">
        <Card title="Traffic by region">
          <QueryState query={byRegion} label="traffic">
            {(data) => (
              <TimeSeriesChart
                data={data}
                unit="/s"
                stacked
                events={events}
                testId="chart-traffic-region"
                emptyText="No traffic reported yet."
              />
            )}
          </QueryState>
        </Card>
        <Card title="Traffic by caller">
          <QueryState query={byCaller} label="traffic">
            {(data) => <TimeSeriesChart data={data} unit="/s" stacked events={events} testId="chart-traffic-caller" />}
          </QueryState>
        </Card>
        <Card title="Latency (p50 request-weighted, p99 worst worker)">
          <QueryState query={latency} label="latency">
            {(data) => <TimeSeriesChart data={data} unit=" ms" events={events} testId="chart-latency" />}
          </QueryState>
        </Card>
        <Card title="Degradation drops">
          <QueryState query={drops} label="drops">
            {(data) => (
              <TimeSeriesChart
                data={data.series}
                unit="/s"
                events={events}
                testId="chart-drops"
                emptyText="No drops."
              />
            )}
          </QueryState>
        </Card>
        <Card title="Local cache">
          <QueryState query={cache} label="cache">
            {(data) => (
              <>
                <TimeSeriesChart
                  data={{
                    ...data,
                    points: data.points.map((p) => ({
                      t: p.t,
                      values: { 'hit %': Math.round((p.values.hitRatio ?? 0) * 1000) / 10 },
                    })),
                    series: ['hit %'],
                  }}
                  unit="%"
                  events={events}
                  testId="chart-cache-ratio"
                />
                <TimeSeriesChart
                  data={data}
                  only={['hits', 'misses', 'staleServes']}
                  unit="/s"
                  events={events}
                  testId="chart-cache-rates"
                />
              </>
            )}
          </QueryState>
        </Card>
        <Card title="Errors by instance">
          <QueryState query={errors} label="errors">
            {(data) => (
              <TimeSeriesChart
                data={data}
                unit="/s"
                events={events}
                testId="chart-errors"
                emptyText="No backend errors."
              />
            )}
          </QueryState>
        </Card>
      </div>
      <div className="stack" style={{ marginTop: 12 }}>
        <Card title="Hot keys (last minute)">
          <QueryState query={hot} label="hot keys">
            {(data) => <HotKeysTable keys={data} onAction={setAction} />}
          </QueryState>
        </Card>
        <Card title="Big keys (last 5 minutes)">
          <QueryState query={big} label="big keys">
            {(data) => <BigKeysTable keys={data} />}
          </QueryState>
        </Card>
      </div>
      {action?.kind === 'drop' ? (
        <DropKeyDialog hotKey={action.key} qps={action.qps} percent={action.percent} onClose={() => setAction(null)} />
      ) : null}
      {action?.kind === 'throttle' ? (
        // Half the observed rate is a starting point the operator edits; the hot-key QPS is summed over workers.
        <ThrottleDialog
          prefill={{
            key: action.key,
            qps: String(Math.max(1, Math.round(action.qps / 2))),
            reason: `hot key at ${action.qps} qps`,
          }}
          onClose={() => setAction(null)}
        />
      ) : null}
      {action?.kind === 'cache' && action.keyType ? (
        <CacheKeyTypeDialog keyType={action.keyType} hotKey={action.key} onClose={() => setAction(null)} />
      ) : null}
    </>
  );
}
