/** Issue 16 defect 12: one time convention, 24-hour with dates, zone labelled. */
import { describe, expect, it } from 'vitest';
import { formatInstant, formatTick, parseInstant, zoneLabel } from './time-format.ts';

describe('time format', () => {
  const t = Date.parse('2026-12-06T15:04:05.678Z');

  it('formats instants as 24-hour time with the date and the zone', () => {
    expect(formatInstant(t, 'utc')).toBe('2026-12-06 15:04:05 UTC');
    expect(formatInstant('2026-12-06T03:04:05Z', 'utc')).toBe('2026-12-06 03:04:05 UTC');
    expect(formatInstant(t, 'local')).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC[+-]\d{2}:\d{2}$/);
    expect(formatInstant('not a date', 'utc')).toBe('not a date');
  });

  it('labels chart ticks with the date and 24-hour time', () => {
    expect(formatTick(t, 'utc')).toBe('12-06 15:04');
  });

  it('parses filter input in the chosen zone and refuses other forms', () => {
    expect(parseInstant('2026-12-06 15:04', 'utc')).toBe('2026-12-06T15:04:00.000Z');
    expect(parseInstant('2026-12-06T15:04:05', 'utc')).toBe('2026-12-06T15:04:05.000Z');
    expect(parseInstant('12/06/2026', 'utc')).toBeUndefined();
    expect(parseInstant('2026-02-31 00:00', 'utc')).toBeUndefined();
    expect(parseInstant('2026-12-06 24:00', 'utc')).toBeUndefined();
    const local = parseInstant('2026-12-06 15:04', 'local');
    expect(local && formatInstant(local, 'local').startsWith('2026-12-06 15:04:00')).toBe(true);
  });

  it('names the zone', () => {
    expect(zoneLabel('utc')).toBe('UTC');
    expect(zoneLabel('local')).toMatch(/^UTC[+-]\d{2}:\d{2}$/);
  });
});
