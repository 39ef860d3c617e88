/**
 * Relative days: whole days since the layout epoch, wrapping at 2^T. Days begin at the
 * epoch's wall-clock midnight (+08:00 for the default epoch), not at UTC midnight.
 */
import { compileLayout, DAY_MS, type MeetingIdLayout } from './layout.ts';

export function dayOf(date: Date, layout: MeetingIdLayout): number {
  const l = compileLayout(layout);
  const days = Math.floor((date.getTime() - l.epochMs) / DAY_MS);
  const period = 2 ** l.dayBits;
  return ((days % period) + period) % period;
}

/**
 * The start instant of relative day `day`. Days wrap, so a day number names one instant
 * per 2^T-day cycle; this returns the one nearest `near` (default: the first cycle).
 */
export function dateOfDay(day: number, layout: MeetingIdLayout, near?: Date): Date {
  const l = compileLayout(layout);
  const period = 2 ** l.dayBits;
  let cycles = 0;
  if (near) {
    const nearDays = (near.getTime() - l.epochMs) / DAY_MS;
    cycles = Math.round((nearDays - day) / period);
  }
  return new Date(l.epochMs + (day + cycles * period) * DAY_MS);
}

/** YYYY-MM-DD of relative day `day` in the epoch's own offset (calendar arithmetic). */
export function formatDay(day: number, layout: MeetingIdLayout, near?: Date): string {
  const l = compileLayout(layout);
  const startMs = dateOfDay(day, layout, near).getTime();
  const dayIndex = Math.round((startMs - l.epochMs) / DAY_MS);
  const [y, m, d] = layout.epoch.slice(0, 10).split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + dayIndex)).toISOString().slice(0, 10);
}
