/** Shared test fixtures: the demo config on given ports, and today's date pinned at noon +08:00. */
import {
  compileConfig,
  DEMO_INSTANCES,
  demoSnapshot,
  parseSnapshot,
  type CompiledConfig,
  type TConfigSnapshot,
} from '@switchyard/core';

export function demoConfigSnapshot(portOf: (instance: string) => number = () => 6379): TConfigSnapshot {
  const ports = Object.fromEntries(DEMO_INSTANCES.map((i) => [i.name, portOf(i.name)]));
  const parsed = parseSnapshot(demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$test'));
  if (!parsed.ok) throw new Error('demo snapshot is invalid');
  return parsed.snapshot;
}

export const demoConfig = (portOf?: (instance: string) => number): CompiledConfig =>
  compileConfig(demoConfigSnapshot(portOf));

/** Midday in the epoch's +08:00, so "today" cannot roll over during a test. */
export const FIXED_NOW = new Date('2026-11-21T12:00:00+08:00');
