'use client';
/** Reconciliation results over time, per direction and per key type, and the repair counts (Recharts). */
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TReconRunView } from '@switchyard/api/schemas';

const COLORS = ['#1f5fbf', '#d9730d', '#1e7a3c', '#b42318', '#6941c6', '#0e7490', '#a15c07', '#5b6470'];
const clock = (iso: string): string => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function Chart({ rows, series, testId }: { rows: Record<string, number | string>[]; series: string[]; testId: string }) {
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
            <Bar key={name} dataKey={name} stackId="s" fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Oldest first, so time runs left to right. */
const chronological = (runs: readonly TReconRunView[]) => [...runs].filter((r) => r.finished).reverse();

export function ReconOutcomeChart({ runs }: { runs: readonly TReconRunView[] }) {
  const rows = chronological(runs).map((r) => ({
    label: `${clock(r.startedAt)} ${r.direction === 'forward' ? 'old→new' : 'new→old'}`,
    equal: r.equal, resolvedOnRecheck: r.resolvedOnRecheck, repaired: r.repaired, unresolved: r.unresolved,
  }));
  return <Chart rows={rows} series={['equal', 'resolvedOnRecheck', 'repaired', 'unresolved']} testId="recon-outcomes-chart" />;
}

/** Differences (first pass) per key type and direction, run by run. */
export function ReconByKeyTypeChart({ runs }: { runs: readonly TReconRunView[] }) {
  const list = chronological(runs);
  const series = [...new Set(list.flatMap((r) => Object.keys(r.byKeyType).map((t) => `${t} ${r.direction}`)))].sort();
  const rows = list.map((r) => ({
    label: clock(r.startedAt),
    ...Object.fromEntries(Object.entries(r.byKeyType).map(([t, c]) => [`${t} ${r.direction}`, c.differing])),
  }));
  return <Chart rows={rows} series={series} testId="recon-keytype-chart" />;
}

export function RepairChart({ runs }: { runs: readonly TReconRunView[] }) {
  const rows = chronological(runs).map((r) => ({ label: `${clock(r.startedAt)} ${r.direction}`, repaired: r.repaired, unresolved: r.unresolved }));
  return <Chart rows={rows} series={['repaired', 'unresolved']} testId="repair-chart" />;
}
