'use client';
/** Reconciliation results over time, per direction and per key type, and the repair counts (Recharts). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TReconRunView } from '@switchyard/api/schemas';
import { useTimeZone } from '~/components/ui/time-zone.tsx';
import { formatTick, type TTimeZone } from '~/lib/time-format.ts';

const COLORS = ['#1f5fbf', '#d9730d', '#1e7a3c', '#b42318', '#6941c6', '#0e7490', '#a15c07', '#5b6470'];
/** Past the fixed palette, spread hues by the golden angle so no two series share a colour (defect 13). */
const seriesColor = (i: number): string => COLORS[i] ?? `hsl(${Math.round((i * 137.508) % 360)}, 60%, 42%)`;
const clockOf =
  (zone: TTimeZone) =>
  (iso: string): string =>
    formatTick(Date.parse(iso), zone);

function Chart({
  rows,
  series,
  testId,
}: {
  rows: Record<string, number | string>[];
  series: string[];
  testId: string;
}) {
  return (
    <div data-testid={testId} data-runs={rows.length} style={{ width: '100%', height: 220 }}>
      <ResponsiveContainer>
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" />
          <YAxis width={56} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {series.map((name, i) => (
            <Bar key={name} dataKey={name} stackId="s" fill={seriesColor(i)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Oldest first, so time runs left to right. */
const chronological = (runs: readonly TReconRunView[]) => [...runs].filter((r) => r.finished).reverse();

export function ReconOutcomeChart({ runs }: { runs: readonly TReconRunView[] }) {
  const clock = clockOf(useTimeZone().zone);
  const rows = chronological(runs).map((r) => ({
    label: `${clock(r.startedAt)} ${r.direction === 'forward' ? 'old→new' : 'new→old'}`,
    equal: r.equal,
    resolvedOnRecheck: r.resolvedOnRecheck,
    repaired: r.repaired,
    unresolved: r.unresolved,
  }));
  return (
    <>
      <Chart
        rows={rows}
        series={['equal', 'resolvedOnRecheck', 'repaired', 'unresolved']}
        testId="recon-outcomes-chart"
      />
      <p className="muted" style={{ fontSize: 12 }}>
        Each bar is one run in one direction (old→new, then new→old). A key that still differs is counted by every run
        that sees it, so one differing key shows as unresolved in both directions.
      </p>
    </>
  );
}

/** Differences (first pass) per key type and direction, run by run. */
export function ReconByKeyTypeChart({ runs }: { runs: readonly TReconRunView[] }) {
  const clock = clockOf(useTimeZone().zone);
  const list = chronological(runs);
  const series = [...new Set(list.flatMap((r) => Object.keys(r.byKeyType).map((t) => `${t} ${r.direction}`)))].sort();
  const rows = list.map((r) => ({
    label: clock(r.startedAt),
    ...Object.fromEntries(Object.entries(r.byKeyType).map(([t, c]) => [`${t} ${r.direction}`, c.differing])),
  }));
  return <Chart rows={rows} series={series} testId="recon-keytype-chart" />;
}

export function RepairChart({ runs }: { runs: readonly TReconRunView[] }) {
  const clock = clockOf(useTimeZone().zone);
  const rows = chronological(runs).map((r) => ({
    label: `${clock(r.startedAt)} ${r.direction}`,
    repaired: r.repaired,
    unresolved: r.unresolved,
  }));
  return <Chart rows={rows} series={['repaired', 'unresolved']} testId="repair-chart" />;
}
