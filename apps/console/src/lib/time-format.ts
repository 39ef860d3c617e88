/**
 * The console's one time convention: 24-hour clock, always with the date, in the zone the
 * operator picked (UTC, to compare with logs, or the browser's local zone), always labelled.
 * Pure functions so charts, tables and filters format identically.
 */
export type TTimeZone = 'utc' | 'local';

const pad = (n: number): string => String(n).padStart(2, '0');

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
}

function partsOf(date: Date, zone: TTimeZone): Parts {
  return zone === 'utc'
    ? {
        y: date.getUTCFullYear(),
        mo: date.getUTCMonth() + 1,
        d: date.getUTCDate(),
        h: date.getUTCHours(),
        mi: date.getUTCMinutes(),
        s: date.getUTCSeconds(),
      }
    : {
        y: date.getFullYear(),
        mo: date.getMonth() + 1,
        d: date.getDate(),
        h: date.getHours(),
        mi: date.getMinutes(),
        s: date.getSeconds(),
      };
}

/** `UTC` or the local offset, e.g. `UTC+08:00`. */
export function zoneLabel(zone: TTimeZone, at: Date = new Date()): string {
  if (zone === 'utc') return 'UTC';
  const offset = -at.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return `UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** `2026-12-06 01:23:45 UTC` */
export function formatInstant(value: string | number | Date, zone: TTimeZone = 'utc'): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const p = partsOf(date, zone);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)} ${zoneLabel(zone, date)}`;
}

/** Chart axis: `12-06 01:23` (date and 24-hour time; the zone is in the chart's caption). */
export function formatTick(t: number, zone: TTimeZone): string {
  const p = partsOf(new Date(t), zone);
  return `${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** Filter input text `YYYY-MM-DD HH:mm[:ss]` in `zone` → ISO instant; undefined when it is not one. */
export function parseInstant(text: string, zone: TTimeZone): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = zone === 'utc' ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  // Rejects 2026-02-31 and the like, which Date would roll over silently.
  return partsOf(date, zone).d === d ? date.toISOString() : undefined;
}
