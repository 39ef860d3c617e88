'use client';
/** How many live workers run each config version: a quick picture of a rollout. */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export function FleetVersionsChart({ versions }: { versions: ReadonlyArray<number | null> }) {
  const counts = new Map<string, number>();
  for (const version of versions) {
    const label = version === null ? 'none' : `v${version}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const data = [...counts.entries()].map(([version, workers]) => ({ version, workers }));
  if (data.length === 0) return <p className="muted">No live workers.</p>;
  return (
    <div style={{ width: '100%', height: 180 }} data-testid="fleet-versions-chart">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="version" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Bar dataKey="workers" fill="#1f5fbf" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
