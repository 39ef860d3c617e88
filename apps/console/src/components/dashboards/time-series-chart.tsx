'use client';
/**
 * One dashboard time series (from a `metrics.*` query) as a line or stacked-area chart, in
 * the console's time convention, with markers for what changed (publishes, failovers…).
 */
import { useState } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { TTimeSeries } from '@switchyard/api/schemas';
import { EventCaption, eventLines, type TChartEvent } from '~/components/ui/chart-events.tsx';
import { useTimeZone } from '~/components/ui/time-zone.tsx';
import { formatInstant, formatTick } from '~/lib/time-format.ts';

/** Eight colours, no two alike; a series keeps its colour by its position in `series`. */
const SERIES_COLORS = ['#1f5fbf', '#d9730d', '#1e7a3c', '#b42318', '#6941c6', '#0e7490', '#a15c07', '#5b6470'];

interface Props {
  data: TTimeSeries;
  /** Which series to draw (default: all), e.g. to leave the ratio out of a rate chart. */
  only?: readonly string[];
  unit: string;
  stacked?: boolean;
  testId: string;
  /** Shown instead of the chart when every value is 0. */
  emptyText?: string;
  events?: readonly TChartEvent[];
  height?: number;
  /** A sparkline: no axes, legend or grid. */
  compact?: boolean;
}

export function TimeSeriesChart({
  data,
  only,
  unit,
  stacked,
  testId,
  emptyText,
  events = [],
  height = 220,
  compact = false,
}: Props) {
  const { zone } = useTimeZone();
  const [hovered, setHovered] = useState<TChartEvent | null>(null);
  const series = data.series.filter((name) => !only || only.includes(name));
  const rows = data.points.map((point) => ({ t: point.t, ...point.values }));
  const hasData = data.points.some((point) => series.some((name) => (point.values[name] ?? 0) > 0));
  const from = data.points[0]?.t ?? 0;
  // The axis reaches the newest event too: a change made after the last reported bucket (workers
  // report every few seconds) is exactly the one an operator looks for.
  const to = Math.max(data.points.at(-1)?.t ?? 0, ...events.map((e) => e.t).filter((t) => t >= from));
  // Top margin leaves room for the top tick label and the event flags (defect 12: clipped label).
  const common = { data: rows, margin: { top: compact ? 4 : 16, right: 12, bottom: 0, left: 0 } };
  const axes = compact ? (
    <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" hide />
  ) : (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis
        dataKey="t"
        type="number"
        domain={[from, to]}
        scale="time"
        tickFormatter={(t: number) => formatTick(t, zone)}
        minTickGap={48}
      />
      <YAxis width={64} unit={unit} allowDecimals />
      <Tooltip
        labelFormatter={(t) => formatInstant(Number(t), zone)}
        formatter={(value) => `${String(value)}${unit}`}
      />
      <Legend />
    </>
  );
  const markers = eventLines(events, from, to, setHovered);
  return (
    <div data-testid={testId} data-has-data={hasData} data-series={series.join(',')} data-events={markers.length}>
      {!hasData && emptyText ? <p className="muted">{emptyText}</p> : null}
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer>
          {stacked ? (
            <AreaChart {...common}>
              {axes}
              {series.map((name, i) => (
                <Area
                  key={name}
                  dataKey={name}
                  stackId="1"
                  type="monotone"
                  stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                  fill={SERIES_COLORS[i % SERIES_COLORS.length]}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
              ))}
              {markers}
            </AreaChart>
          ) : (
            <LineChart {...common}>
              {axes}
              {series.map((name, i) => (
                <Line
                  key={name}
                  dataKey={name}
                  type="monotone"
                  dot={false}
                  stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              ))}
              {markers}
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      {markers.length > 0 || !compact ? <EventCaption event={hovered} zone={zone} /> : null}
    </div>
  );
}
