'use client';
/**
 * The UTC/local switch. One choice for the whole console (kept in localStorage): charts,
 * tables and filters all read it from here.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { zoneLabel, type TTimeZone } from '~/lib/time-format.ts';

const STORAGE_KEY = 'switchyard.timeZone';
const TimeZoneContext = createContext<{ zone: TTimeZone; setZone: (zone: TTimeZone) => void }>({
  zone: 'utc',
  setZone: () => undefined,
});

export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [zone, setZoneState] = useState<TTimeZone>('utc');
  useEffect(() => {
    if (window.localStorage.getItem(STORAGE_KEY) === 'local') setZoneState('local');
  }, []);
  const setZone = (next: TTimeZone) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setZoneState(next);
  };
  return <TimeZoneContext.Provider value={{ zone, setZone }}>{children}</TimeZoneContext.Provider>;
}

export const useTimeZone = () => useContext(TimeZoneContext);

export function TimeZoneSwitch() {
  const { zone, setZone } = useTimeZone();
  return (
    <label className="row" style={{ gap: 6, alignItems: 'center' }}>
      <span className="muted">Times in</span>
      <select
        aria-label="Time zone"
        data-testid="time-zone"
        value={zone}
        onChange={(event) => setZone(event.target.value === 'local' ? 'local' : 'utc')}
      >
        <option value="utc">UTC</option>
        <option value="local">Local ({zoneLabel('local')})</option>
      </select>
    </label>
  );
}
