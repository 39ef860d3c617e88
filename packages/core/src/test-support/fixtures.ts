/** Shared test fixtures: the demo snapshot with placeholder ports, parsed and validated. */
import { DEMO_INSTANCES, DEMO_LAYOUT, demoSnapshot } from '../demo/demo-config.ts';
import type { TConfigSnapshot, TMigration } from '../config/schema.ts';
import { encodeMeetingId } from '../codec/meeting-id.ts';
import { parseSnapshot } from '../validate/parse-snapshot.ts';

export const placeholderPorts = (): Record<string, number> =>
  Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7001 + n]));

export function demo(): TConfigSnapshot {
  const r = parseSnapshot(demoSnapshot({ host: '127.0.0.1', ports: placeholderPorts() }, 'scrypt$placeholder'));
  if (!r.ok) throw new Error(`demo snapshot invalid: ${JSON.stringify(r.problems)}`);
  return r.snapshot;
}

/** A normal meeting ID carrying `code` with the demo layout. */
export function midWithCode(code: number, random = 1n << 31n, day = 1000): string {
  return encodeMeetingId({ kind: 'normal', code, day, random }, DEMO_LAYOUT).toString();
}

/** The demo's migration of storage code 1 from gz-personal to spare, in `phase`. */
export const mig = (phase: TMigration['phase'], over: Partial<TMigration> = {}): TMigration => ({
  id: 'm1',
  name: 'move code 1',
  code: 1,
  from: 'gz-personal',
  to: 'spare',
  phase,
  grayReadPercent: 0,
  stopDualWritePercent: 0,
  ...over,
});
