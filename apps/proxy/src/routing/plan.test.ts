import {
  compileConfig,
  DEMO_INSTANCES,
  demoSnapshot,
  routeKey,
  ZConfigSnapshot,
  type CompiledCaller,
  type CompiledConfig,
} from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { splitCode6 } from '../testing/demo-migration.ts';
import { commandSpec } from './command-table.ts';
import { decide, planCommand } from './plan.ts';

const ports = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7000 + n]));
const snapshot = ZConfigSnapshot.parse(
  demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$2$1$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=='),
);
snapshot.migrations = [splitCode6()];
const cfg = compileConfig(snapshot);
const everyone: CompiledCaller = {
  name: 'demo',
  commands: null,
  granted: new Set(),
  keyTypes: null,
  qpsLimit: undefined,
};
const mid = (code: number, r = 1n): string => ((1n << 60n) | (BigInt(code) << 31n) | r).toString();
const plan = (...argv: string[]) => planCommand(cfg, everyone, commandSpec(argv[0]!)!, Command.fromArgs(argv));

describe('planCommand', () => {
  it('forwards a single key to the instance of its code', () => {
    expect(plan('GET', mid(5))).toMatchObject({ kind: 'forward', route: { targets: ['sh-personal'], replica: false } });
  });

  it('writes a dual-write key to old then new, and reads it from old', () => {
    expect(plan('SET', mid(6), 'v')).toMatchObject({ kind: 'forward', route: { targets: ['sh-enterprise', 'spare'] } });
    expect(plan('GET', mid(6))).toMatchObject({ kind: 'forward', route: { targets: ['sh-enterprise'] } });
  });

  it('splits MGET per instance, keeping key ordinals', () => {
    const p = plan('MGET', mid(1), mid(5), mid(1, 2n));
    expect(p.kind).toBe('split');
    if (p.kind !== 'split') return;
    expect(p.groups.map((g) => [g.targets, g.ordinals])).toEqual([
      [['gz-personal'], [0, 2]],
      [['sh-personal'], [1]],
    ]);
  });

  it('refuses cross-instance commands that cannot be split', () => {
    const p = plan('RENAME', mid(1), mid(2));
    expect(p.kind === 'reply' && p.reply.toString()).toMatch(/^-CROSSSLOT/);
    const tx = planCommand(cfg, everyone, commandSpec('MGET')!, Command.fromArgs(['MGET', mid(1), mid(2)]), true);
    expect(tx.kind === 'reply' && tx.reply.toString()).toMatch(/^-CROSSSLOT/);
  });

  it('answers unknown key types and forbidden key types with errors', () => {
    const p = plan('GET', 'zzz');
    expect(p.kind === 'reply' && p.reply.toString()).toBe("-ERR SWITCHYARD no key type matches 'zzz'\r\n");
    const limited: CompiledCaller = { ...everyone, keyTypes: new Set(['stable']) };
    const q = planCommand(cfg, limited, commandSpec('GET')!, Command.fromArgs(['GET', mid(1)]));
    expect(q.kind === 'reply' && q.reply.toString()).toMatch(/^-NOPERM .*'meeting_info'/);
  });

  it('SORT BY/GET patterns must route with the sorted key and be of a key type the caller may access', () => {
    const reply = (p: ReturnType<typeof plan>): string => (p.kind === 'reply' ? p.reply.toString() : p.kind);
    expect(plan('SORT', 'key:l', 'BY', 'key:w_*', 'GET', '#', 'GET', 'key:h_*->f')).toMatchObject({
      kind: 'forward',
      route: { targets: ['gz-enterprise'] },
    });
    expect(plan('SORT_RO', 'key:l', 'BY', 'nosort', 'GET', 'plain')).toMatchObject({ kind: 'forward' });
    expect(reply(plan('SORT', 'key:l', 'BY', `stable_*`))).toMatch(/^-ERR SWITCHYARD no key type matches 'stable_\*'/);
    expect(reply(plan('SORT', 'key:l', 'STORE', mid(5)))).toMatch(/^-CROSSSLOT/);
    const limited: CompiledCaller = { ...everyone, keyTypes: new Set(['bench']) };
    expect(
      planCommand(cfg, limited, commandSpec('SORT')!, Command.fromArgs(['SORT', 'key:l', 'GET', 'key:o_*'])),
    ).toMatchObject({ kind: 'forward' });
  });

  it("answers bad numkeys and zero keys with Redis's texts, zero-key scripts with the documented refusal", () => {
    const reply = (...argv: string[]): string => {
      const p = plan(...argv);
      return p.kind === 'reply' ? p.reply.toString() : p.kind;
    };
    expect(reply('ZUNION', '0', 'key:a')).toBe("-ERR at least 1 input key is needed for 'zunion' command\r\n");
    expect(reply('LMPOP', '3', 'key:a', 'LEFT')).toBe('-ERR syntax error\r\n');
    expect(reply('EVAL', 'return 1', '-1')).toBe("-ERR Number of keys can't be negative\r\n");
    expect(reply('EVAL', 'return 1', '0')).toMatch(/needs at least one key to route/);
    expect(reply('XREAD', 'COUNT', '1', 'key:a', '0')).toBe('-ERR syntax error\r\n');
  });
});

describe('planCommand routing from the key bytes (the key memo)', () => {
  const planIn = (c: CompiledConfig, ...argv: string[]) =>
    planCommand(c, everyone, commandSpec(argv[0]!)!, Command.fromArgs(argv));

  it('answers what decide() answers for the key, per config, also for keys it does not memoise', () => {
    const other = compileConfig(ZConfigSnapshot.parse({ ...snapshot, migrations: [] }));
    for (const key of [mid(5), mid(6), 'key:1', 'clé:1', 'no-such-type', 'k'.repeat(200)]) {
      // Three rounds: a first miss, a second (kept) miss, then a memo hit.
      for (let round = 0; round < 3; round++) {
        for (const c of [cfg, other]) {
          const planned = planIn(c, 'GET', key);
          const routing = decide(c, key);
          if (Buffer.isBuffer(routing)) expect(planned).toEqual({ kind: 'reply', reply: routing });
          else expect(planned).toEqual({ kind: 'forward', route: routing.read, decision: routing.decision, key });
        }
      }
    }
    // The split code's dual write exists only in `cfg`: the memo never crosses configs.
    expect(planIn(cfg, 'SET', mid(6), 'v')).toMatchObject({
      kind: 'forward',
      route: { targets: ['sh-enterprise', 'spare'] },
    });
    expect(planIn(other, 'SET', mid(6), 'v')).toMatchObject({ kind: 'forward', route: { targets: ['sh-enterprise'] } });
  });
});

describe('shared routings', () => {
  const grayHalf = compileConfig(
    ZConfigSnapshot.parse({ ...snapshot, migrations: [splitCode6('GRAY_READ', { grayReadPercent: 50 })] }),
  );

  it('gives keys that route alike one routing, which names no key, and keeps each key in its plan', () => {
    const a = decide(cfg, mid(5, 1n));
    const b = decide(cfg, mid(5, 2n));
    expect(a).toBe(b);
    if (Buffer.isBuffer(a)) throw new Error('mid(5) routes');
    expect(Object.keys(a.decision)).not.toContain('key');
    expect(Object.keys(a.decision)).not.toContain('reasons');
    for (let round = 0; round < 3; round++)
      for (const r of [1n, 2n, 3n]) {
        const key = mid(5, r);
        expect(planCommand(cfg, everyone, commandSpec('GET')!, Command.fromArgs(['GET', key]))).toMatchObject({
          kind: 'forward',
          key,
          decision: a.decision,
        });
      }
  });

  it("gives every key a routing whose facts are the key's own", () => {
    const keys = ['key:1', 'counter:2', 'stable_7', `m2u_{${mid(6, 9n)}}`];
    for (const code of [5, 6, 7]) for (let r = 1n; r <= 64n; r++) keys.push(mid(code, r));
    for (const c of [cfg, grayHalf])
      for (const key of keys) {
        const own = routeKey(c, key);
        const routing = decide(c, key);
        if ('error' in own || Buffer.isBuffer(routing)) throw new Error(`${key} routes`);
        const { key: _key, reasons: _reasons, ...facts } = own;
        expect(routing.decision).toEqual(facts);
        expect(routing.read.targets).toEqual([own.read]);
        expect(routing.write.targets).toEqual(own.writes);
      }
  });

  it('does not share between keys whose routing differs in any fact', () => {
    // Another code, another instance.
    expect(decide(cfg, mid(5))).not.toBe(decide(cfg, mid(7)));
    // The same code and instances, but a gray read sends some meeting IDs' reads to the new side.
    const routings = new Map<boolean, unknown>();
    for (let r = 1n; r <= 200n && routings.size < 2; r++) {
      const k = decide(grayHalf, mid(6, r));
      if (Buffer.isBuffer(k)) throw new Error('mid(6) routes');
      const seen = routings.get(k.decision.grayRead);
      if (seen !== undefined) expect(k).toBe(seen);
      else routings.set(k.decision.grayRead, k);
      expect(k.read.targets).toEqual([k.decision.grayRead ? 'spare' : 'sh-enterprise']);
    }
    expect(routings.size).toBe(2);
    expect(routings.get(true)).not.toBe(routings.get(false));
  });
});
