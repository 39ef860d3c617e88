'use client';
/** Instants are shown in UTC ISO form (ops compare them with logs) with a relative hint. */
export function formatAgo(iso: string | Date, now: number = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return 'n/a';
  const s = Math.round(Math.abs(ms) / 1000);
  const span = s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86_400 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86_400)}d`;
  return ms < 0 ? `in ${span}` : `${span} ago`;
}

export function formatInstant(iso: string | Date): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function Time({ value }: { value: string | Date | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return (
    <time dateTime={new Date(value).toISOString()} title={formatInstant(value)}>
      {formatInstant(value)} <span className="muted">({formatAgo(value)})</span>
    </time>
  );
}
