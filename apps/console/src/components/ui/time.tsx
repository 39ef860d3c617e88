'use client';
/** Instants in the console's one convention (lib/time-format.ts), in the zone the switch picked, with a relative hint. */
import { formatInstant as format } from '~/lib/time-format.ts';
import { useTimeZone } from './time-zone.tsx';

function formatAgo(iso: string | Date, now: number = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return 'n/a';
  const s = Math.round(Math.abs(ms) / 1000);
  const span =
    s < 60
      ? `${s}s`
      : s < 3600
        ? `${Math.floor(s / 60)}m`
        : s < 86_400
          ? `${Math.floor(s / 3600)}h`
          : `${Math.floor(s / 86_400)}d`;
  return ms < 0 ? `in ${span}` : `${span} ago`;
}

export function Time({ value }: { value: string | Date | null | undefined }) {
  const { zone } = useTimeZone();
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={new Date(value).toISOString()} title={format(value, zone === 'utc' ? 'local' : 'utc')}>
      {format(value, zone)} <span className="muted">({formatAgo(value)})</span>
    </time>
  );
}
