import { compileConfig, DEMO_INSTANCES, demoSnapshot, ZConfigSnapshot } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { splitCode6 } from '../testing/demo-migration.ts';
import { reachable } from './reach.ts';

const ports = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7000 + n]));
const snapshot = (): ReturnType<typeof demoSnapshot> =>
  demoSnapshot({ host: 'h', ports, dataUser: { username: 'u', password: 'p' } }, 'hash');
const caller = (keyTypes: string[] | null) => ({
  name: 'c',
  commands: null,
  granted: new Set<string>(),
  keyTypes: keyTypes === null ? null : new Set(keyTypes),
  qpsLimit: undefined,
});

describe('instances a caller can reach', () => {
  it('a caller of every key type reaches the fixed instances too (the demo events type lives on control)', () => {
    const cfg = compileConfig(ZConfigSnapshot.parse(snapshot()));
    const all = reachable(cfg, caller(null));
    expect(all.has('control')).toBe(true);
    expect(all.has('spare')).toBe(false);
  });

  it('a fixed-instance key type reaches its instance only', () => {
    const cfg = compileConfig(ZConfigSnapshot.parse(snapshot()));
    expect([...reachable(cfg, caller(['bench']))]).toEqual(['gz-enterprise']);
  });

  it('coded key types reach every home and mirror, not the spare or control, until a migration names them', () => {
    const cfg = compileConfig(ZConfigSnapshot.parse(snapshot()));
    // Every key type but the fixed-instance ones (`bench` on gz-enterprise, `events` on control).
    const all = reachable(cfg, caller(['meeting_info', 'stable', 'member_list', 'member', 'u2m', 'm2u', 'shadow']));
    expect(all.has('gz-personal')).toBe(true);
    expect(all.has('gz-personal-sh')).toBe(true);
    expect(all.has('spare')).toBe(false);
    expect(all.has('control')).toBe(false);
    const s = snapshot();
    s.migrations = [splitCode6()];
    expect(reachable(compileConfig(ZConfigSnapshot.parse(s)), caller(['stable'])).has('spare')).toBe(true);
  });
});
