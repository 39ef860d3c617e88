import { describe, expect, it } from 'vitest';
import { placeholderPorts } from '../test-support/fixtures.ts';
import { parseSnapshot } from '../validate/parse-snapshot.ts';
import { DEMO_INSTANCES, demoSnapshot } from './demo-config.ts';
import { writeLogMirrors } from '../config/write-log.ts';

describe('demoSnapshot', () => {
  it('parses and validates with zero problems', () => {
    const r = parseSnapshot(demoSnapshot({ host: '127.0.0.1', ports: placeholderPorts() }, 'scrypt$placeholder'));
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('survives a JSON round trip (what the console publishes)', () => {
    const json = JSON.stringify(demoSnapshot({ host: '127.0.0.1', ports: placeholderPorts() }, 'h'));
    expect(parseSnapshot(json).ok).toBe(true);
  });

  it('gives every instance the managed data user when the topology has one', () => {
    const s = demoSnapshot(
      { host: 'h', ports: placeholderPorts(), dataUser: { username: 'switchyard-proxy', password: 'pw' } },
      'h',
    );
    expect(s.instances.every((i) => i.dataUser?.username === 'switchyard-proxy')).toBe(true);
    expect(
      demoSnapshot({ host: 'h', ports: placeholderPorts() }, 'h').instances.some((i) => i.dataUser !== undefined),
    ).toBe(false);
  });

  it('names a port for every instance', () => {
    expect(() => demoSnapshot({ host: 'h', ports: {} }, 'h')).toThrow(/no port/);
  });
});

describe('demo mirror modes', () => {
  it("runs sh-enterprise's mirror in gz in write-log mode and every other mirror by REPLICAOF", () => {
    const s = parseSnapshot(demoSnapshot({ host: '127.0.0.1', ports: placeholderPorts() }, 'h'));
    if (!s.ok) throw new Error('demo snapshot invalid');
    expect(writeLogMirrors(s.snapshot)).toEqual([
      { code: 6, home: 'sh-enterprise', region: 'gz', mirror: 'sh-enterprise-gz' },
    ]);
    expect(DEMO_INSTANCES.filter((i) => i.sync === 'write-log').map((i) => i.name)).toEqual(['sh-enterprise-gz']);
    expect(DEMO_INSTANCES.filter((i) => i.role === 'mirror' && i.sync === 'replicaof')).toHaveLength(3);
  });
});
