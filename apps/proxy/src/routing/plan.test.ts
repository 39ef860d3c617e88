import { compileConfig, DEMO_INSTANCES, demoSnapshot, ZConfigSnapshot, type CompiledCaller } from '@switchyard/core';
import { describe, expect, it } from 'vitest';
import { Command } from '../resp/command.ts';
import { commandSpec } from './command-table.ts';
import { planCommand } from './plan.ts';

const ports = Object.fromEntries(DEMO_INSTANCES.map((i, n) => [i.name, 7000 + n]));
const snapshot = ZConfigSnapshot.parse(demoSnapshot({ host: '127.0.0.1', ports }, 'scrypt$2$1$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA=='));
snapshot.migrations = [{ id: 'm', name: 'm', code: 6, from: 'sh-enterprise', to: 'spare', phase: 'DUAL_WRITE', grayReadPercent: 0, stopDualWritePercent: 0 }];
const cfg = compileConfig(snapshot);
const everyone: CompiledCaller = { name: 'demo', commands: null, granted: new Set(), keyTypes: null, qpsLimit: undefined };
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
});
