'use client';
/** One dashboard time series (from a `metrics.*` query) as a line or stacked-area chart. */
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TTimeSeries } from '@switchyard/api/schemas';

const COLORS = ['#1f5fbf', '#d9730d', '#1e7a3c', '#b42318', '#6941c6', '#0e7490', '#a15c07', '#5b6470'];

interface Props {
  data: TTimeSeries;
  /** Which series to draw (default: all), e.g. to leave the ratio out of a rate chart. */
  only?: readonly string[];
  unit: string;
  stacked?: boolean;
  testId: string;
  /** Shown instead of the chart when every value is 0. */
  emptyText?: string;
}

const clock = (t: number): string => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function TimeSeriesChart({ data, only, unit, stacked, testId, emptyText }: Props) {
  const series = data.series.filter((name) => !only || only.includes(name));
  const rows = data.points.map((point) => ({ t: point.t, ...point.values }));
  const hasData = data.points.some((point) => series.some((name) => (point.values[name] ?? 0) > 0));
  const common = { data: rows, margin: { top: 8, right: 12, bottom: 0, left: 0 } };
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={clock} minTickGap={40} />
      <YAxis width={56} unit={unit} allowDecimals />
      <Tooltip labelFormatter={(t) => clock(Number(t))} formatter={(value) => `${String(value)}${unit}`} />
      <Legend />
    </>
  );
  return (
    <div data-testid={testId} data-has-data={hasData} data-series={series.join(',')} style={{ width: '100%', height: 220 }}>
      {!hasData && emptyText ? <p className="muted">{emptyText}</p> : null}
      <ResponsiveContainer>
        {stacked ? (
          <AreaChart {...common}>
            {axes}
            {series.map((name, i) => (
              <Area key={name} dataKey={name} stackId="1" type="monotone" stroke={COLORS[i % COLORS.length]} fill={COLORS[i % COLORS.length]} fillOpacity={0.35} isAnimationActive={false} />
            ))}
          </AreaChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((name, i) => (
              <Line key={name} dataKey={name} type="monotone" dot={false} stroke={COLORS[i % COLORS.length]} strokeWidth={2} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
