'use client';
/**
 * Compensation queue depth and dead letters, sampled by this page while it is open (the
 * control instance keeps only the current depth).
 */
import { useEffect, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Sample {
  t: number;
  queued: number;
  dead: number;
}
const MAX_SAMPLES = 120;
const clock = (t: number): string => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function QueueDepthChart({ queued, dead, at }: { queued: number; dead: number; at: number }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    setSamples((s) => [...s, { t: at, queued, dead }].slice(-MAX_SAMPLES));
  }, [at, queued, dead]);
  return (
    <div data-testid="queue-depth-chart" data-queued={queued} data-dead={dead} style={{ width: '100%', height: 200 }}>
      <ResponsiveContainer>
        <LineChart data={samples} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={clock} minTickGap={40} />
          <YAxis width={56} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => clock(Number(t))} />
          <Legend />
          <Line dataKey="queued" stroke="#d9730d" dot={false} strokeWidth={2} isAnimationActive={false} />
          <Line dataKey="dead" stroke="#b42318" dot={false} strokeWidth={2} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
