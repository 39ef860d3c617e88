'use client';
/**
 * Event markers for time charts (publishes, failovers/failbacks, drop rules, migration
 * phases, from `metrics.events`): a dashed line per event; hovering or focusing its flag
 * shows when, what, who and why under the chart.
 */
import { ReferenceLine } from 'recharts';
import type { TMetricsEventsResponse } from '@switchyard/api/schemas';
import { formatInstant, type TTimeZone } from '~/lib/time-format.ts';

export type TChartEvent = TMetricsEventsResponse[number];

export const EVENT_COLORS: Readonly<Record<TChartEvent['kind'], string>> = {
  publish: '#1f5fbf',
  rollback: '#6941c6',
  failover: '#b42318',
  failback: '#1e7a3c',
  'drop-set': '#d9730d',
  'drop-cleared': '#a15c07',
  migration: '#0e7490',
};

interface ShapeProps {
  x1?: number;
  y1?: number;
  x2?: number;
  y2?: number;
}

/** The marker lines, for events inside [from, to]; call inside a recharts chart. */
export function eventLines(
  events: readonly TChartEvent[],
  from: number,
  to: number,
  onHover: (event: TChartEvent | null) => void,
) {
  return events
    .filter((event) => event.t >= from && event.t <= to)
    .map((event) => (
      <ReferenceLine
        key={event.id}
        x={event.t}
        ifOverflow="hidden"
        shape={(props: ShapeProps) => {
          const x = props.x1 ?? 0;
          const top = Math.min(props.y1 ?? 0, props.y2 ?? 0);
          const bottom = Math.max(props.y1 ?? 0, props.y2 ?? 0);
          const color = EVENT_COLORS[event.kind];
          return (
            <g
              data-testid="chart-event"
              data-kind={event.kind}
              tabIndex={0}
              role="img"
              aria-label={`${event.label} by ${event.actor}${event.reason ? `: ${event.reason}` : ''}`}
              onMouseEnter={() => onHover(event)}
              onMouseLeave={() => onHover(null)}
              onFocus={() => onHover(event)}
              onBlur={() => onHover(null)}
              style={{ cursor: 'help' }}
            >
              <line x1={x} x2={x} y1={top} y2={bottom} stroke={color} strokeDasharray="4 3" strokeWidth={1.5} />
              {/* A wide invisible hit area: a 1.5 px line is hard to hover. */}
              <rect x={x - 5} y={top} width={10} height={bottom - top} fill="transparent" />
              <path d={`M${x - 5},${top} L${x + 5},${top} L${x},${top + 7} Z`} fill={color} />
            </g>
          );
        }}
      />
    ));
}

export function EventCaption({ event, zone }: { event: TChartEvent | null; zone: TTimeZone }) {
  return (
    <div
      className="muted"
      data-testid="chart-event-caption"
      aria-live="polite"
      style={{ minHeight: '1.4em', fontSize: 12 }}
    >
      {event ? (
        <span>
          <strong style={{ color: EVENT_COLORS[event.kind] }}>{event.label}</strong> · {formatInstant(event.t, zone)} ·
          by {event.actor}
          {event.reason ? ` · “${event.reason}”` : ''}
        </span>
      ) : null}
    </div>
  );
}
