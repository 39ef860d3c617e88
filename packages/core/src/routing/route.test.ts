import { describe, expect, it } from 'vitest';
import type { TConfigSnapshot } from '../config/schema.ts';
import { demo, midWithCode } from '../test-support/fixtures.ts';
import { isReadCommand, isWriteCommand } from './commands.ts';
import { compileConfig } from './compile-config.ts';
import { route } from './route.ts';

const gz = midWithCode(1);
const sh = midWithCode(5);

function withCallers(): TConfigSnapshot {
  const s = demo();
  return {
    ...s,
    callers: [...s.callers, { name: 'reader', secretHash: 'h', commands: ['GET', 'MGET'], keyTypes: ['meeting_info'] }],
    migrations: [
      {
        id: 'm1',
        name: 'move',
        code: 1,
        from: 'gz-personal',
        to: 'spare',
        phase: 'DUAL_WRITE',
        grayReadPercent: 0,
        stopDualWritePercent: 0,
      },
    ],
  };
}

describe('route', () => {
  const cfg = compileConfig(withCallers());

  it('routes every key and lists the instances in key order', () => {
    const r = route(cfg, { command: 'mget', keys: [sh, gz, `stable_${sh}`], caller: 'demo' });
    expect(r).toMatchObject({
      ok: true,
      command: 'MGET',
      write: false,
      instances: ['sh-personal', 'gz-personal'],
      singleInstance: false,
    });
    if (r.ok) expect(r.decisions.map((d) => d.key)).toEqual([sh, gz, `stable_${sh}`]);
  });

  it("uses the proxy's command table: refused and unknown commands, split vs same-instance, conditions (issue 13)", () => {
    expect(route(cfg, { command: 'flushall', keys: [gz], caller: 'demo' })).toMatchObject({
      ok: false,
      error: 'COMMAND_REFUSED',
    });
    expect(route(cfg, { command: 'NOSUCH', keys: [gz], caller: 'demo' })).toMatchObject({
      ok: false,
      error: 'UNKNOWN_COMMAND',
    });
    expect(route(cfg, { command: 'MGET', keys: [gz, sh], caller: 'demo' })).toMatchObject({
      ok: true,
      multi: 'mget',
      singleInstance: false,
    });
    expect(route(cfg, { command: 'SUNIONSTORE', keys: [gz, sh], caller: 'demo' })).toMatchObject({
      ok: true,
      multi: 'same',
      singleInstance: false,
    });
    expect(route(cfg, { command: 'COPY', keys: [gz, `stable_${gz}`], caller: 'demo' })).toMatchObject({
      ok: true,
      condition: expect.stringContaining('database 0'),
    });
    // Redis's flags: TOUCH and XRANGE read, XADD writes (the old hand-kept list had TOUCH as a write).
    expect(route(cfg, { command: 'TOUCH', keys: [gz], caller: 'demo' })).toMatchObject({ ok: true, write: false });
    expect(route(cfg, { command: 'XADD', keys: [gz], caller: 'demo' })).toMatchObject({ ok: true, write: true });
  });

  it('sends writes to the sync-truth writer and reads to the reader', () => {
    const w = route(cfg, { command: 'SET', keys: [gz], caller: 'demo' });
    expect(w).toMatchObject({ ok: true, write: true, instances: ['gz-personal'], singleInstance: true });
    if (w.ok) expect(w.decisions[0]!.writes).toEqual(['gz-personal', 'spare']);
  });

  it('is single-instance only when every key has the same targets, dual-write pair included', () => {
    const gzOther = midWithCode(1, 2n << 31n);
    expect(route(cfg, { command: 'SET', keys: [gz, gzOther], caller: 'demo' })).toMatchObject({
      ok: true,
      singleInstance: true,
    });
    // Same first writer, but only the code-1 key also writes to spare.
    const enterprise = midWithCode(2);
    const noMigration = compileConfig({
      ...withCallers(),
      codes: withCallers().codes.map((c) =>
        c.code === 2 ? { ...c, instances: { ...c.instances, gz: 'gz-personal' } } : c,
      ),
    });
    expect(route(noMigration, { command: 'SET', keys: [gz, enterprise], caller: 'demo' })).toMatchObject({
      ok: true,
      instances: ['gz-personal'],
      singleInstance: false,
    });
  });

  it.each([
    [{ command: 'GET', keys: [gz], caller: 'ghost' }, 'UNKNOWN_CALLER'],
    [{ command: 'SET', keys: [gz], caller: 'reader' }, 'COMMAND_NOT_ALLOWED'],
    [{ command: 'GET', keys: [`stable_${gz}`], caller: 'reader' }, 'KEY_TYPE_NOT_ALLOWED'],
    [{ command: 'GET', keys: [], caller: 'demo' }, 'NO_KEYS'],
    [{ command: 'GET', keys: [gz, 'nope'], caller: 'demo' }, 'NO_KEY_TYPE'],
  ])('refuses %j with %s', (req, error) => {
    expect(route(cfg, req)).toMatchObject({ ok: false, error });
  });

  it('passes the NO_KEY_TYPE message through unchanged', () => {
    expect(route(cfg, { command: 'GET', keys: ['nope'], caller: 'demo' })).toMatchObject({
      message: "no key type matches 'nope'",
      key: 'nope',
    });
  });

  it('lets an allowed caller through in lower case too', () => {
    expect(route(cfg, { command: 'get', keys: [gz], caller: 'reader' })).toMatchObject({ ok: true });
  });
});

describe('command classes', () => {
  it('knows reads and treats unknown commands as writes', () => {
    expect(isReadCommand('get')).toBe(true);
    expect(isReadCommand('HGETALL')).toBe(true);
    expect(isWriteCommand('SET')).toBe(true);
    expect(isWriteCommand('HSET')).toBe(true);
    expect(isWriteCommand('SOMETHINGNEW')).toBe(true);
  });
});
