'use client';
/**
 * Compensation queue depth and dead letters, sampled by this page while it is open (the
 * control instance keeps only the current depth).
 */
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTRPC } from '~/trpc/react.tsx';
import { EventCaption, eventLines, type TChartEvent } from '~/components/ui/chart-events.tsx';
import { useTimeZone } from '~/components/ui/time-zone.tsx';
import { formatInstant, formatTick } from '~/lib/time-format.ts';

interface Sample {
  t: number;
  queued: number;
  dead: number;
}
const MAX_SAMPLES = 120;

export function QueueDepthChart({ queued, dead, at }: { queued: number; dead: number; at: number }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  const { zone } = useTimeZone();
  const trpc = useTRPC();
  const [hovered, setHovered] = useState<TChartEvent | null>(null);
  const events =
    useQuery({ ...trpc.metrics.events.queryOptions({ sinceSec: 3600 }), refetchInterval: 5_000 }).data ?? [];
  useEffect(() => {
    setSamples((s) => [...s, { t: at, queued, dead }].slice(-MAX_SAMPLES));
  }, [at, queued, dead]);
  return (
    <div data-testid="queue-depth-chart" data-queued={queued} data-dead={dead}>
      <div style={{ width: '100%', height: 200 }}>
        <ResponsiveContainer>
          <LineChart data={samples} margin={{ top: 16, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={['dataMin', 'dataMax']}
              scale="time"
              tickFormatter={(t: number) => formatTick(t, zone)}
              minTickGap={48}
            />
            <YAxis width={56} allowDecimals={false} />
            <Tooltip labelFormatter={(t) => formatInstant(Number(t), zone)} />
            <Legend />
            <Line dataKey="queued" stroke="#d9730d" dot={false} strokeWidth={2} isAnimationActive={false} />
            <Line dataKey="dead" stroke="#b42318" dot={false} strokeWidth={2} isAnimationActive={false} />
            {eventLines(events, samples[0]?.t ?? 0, samples.at(-1)?.t ?? 0, setHovered)}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <EventCaption event={hovered} zone={zone} />
    </div>
  );
}
