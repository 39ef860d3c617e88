/**
 * The demo config with the migration under test: code 1 (gz-personal, the old instance)
 * moves to `spare` (the new one). Two extra key types give lists and sets a home.
 */
import {
  DEMO_INSTANCES,
  DEMO_LAYOUT,
  demoSnapshot,
  encodeMeetingId,
  parseSnapshot,
  type TConfigSnapshot,
  type TKeyType,
  type TMigration,
} from '@switchyard/core';

const MID = String.raw`(?<mid>\d{1,20})`;
export const TEST_KEY_TYPES: TKeyType[] = [
  {
    name: 'mlist',
    pattern: String.raw`^mlist_\{` + MID + String.raw`\}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'list',
  },
  {
    name: 'mset',
    pattern: String.raw`^mset_\{` + MID + String.raw`\}$`,
    dimension: { kind: 'mid', group: 'mid' },
    valueFormat: 'plain',
    readPolicy: 'primary',
    cacheTier: 'none',
    dataType: 'set',
  },
];

export const migrationOf = (over: Partial<TMigration> = {}): TMigration => ({
  id: 'm-test',
  name: 'move code 1 to spare',
  code: 1,
  from: 'gz-personal',
  to: 'spare',
  phase: 'DUAL_WRITE',
  grayReadPercent: 0,
  stopDualWritePercent: 0,
  ...over,
});

export function testSnapshot(ports: { old: number; new: number }, migrations: TMigration[] = []): TConfigSnapshot {
  const all = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7001 + n]));
  const input = demoSnapshot(
    { host: '127.0.0.1', ports: { ...all, 'gz-personal': ports.old, spare: ports.new } },
    'scrypt$placeholder',
  );
  const r = parseSnapshot({ ...input, keyTypes: [...TEST_KEY_TYPES, ...(input.keyTypes ?? [])], migrations });
  if (!r.ok) throw new Error(`test snapshot invalid: ${JSON.stringify(r.problems)}`);
  return r.snapshot;
}

/** A normal meeting ID carrying `code`; `n` varies the low random bits (so mid % 2 == n % 2). */
export function midWithCode(code: number, n: number): string {
  return encodeMeetingId({ kind: 'normal', code, day: 1000, random: (1n << 31n) | BigInt(n) }, DEMO_LAYOUT).toString();
}
