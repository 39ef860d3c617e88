import { describe, expect, it } from 'vitest';
import { LOCAL_COMMANDS } from '../routing/command-table.ts';
import { COMMAND_REGISTRY } from './registry.ts';
import { localRefusal } from './local-commands.ts';

const stageOf = (stage: 'local' | 'admitted'): string[] =>
  [...COMMAND_REGISTRY]
    .filter(([, e]) => e.stage === stage)
    .map(([n]) => n)
    .sort();

describe('the registry of commands the worker runs itself', () => {
  it("has a local entry for exactly core's LOCAL_COMMANDS, each with its arity", () => {
    expect(stageOf('local')).toEqual([...LOCAL_COMMANDS].sort());
    for (const name of stageOf('local'))
      expect(() => localRefusal(name, [Buffer.from(name)], false), name).not.toThrow();
  });

  it('runs WATCH, SY.NEWID, SCRIPT, SCAN, blocking and pub/sub commands after admission', () => {
    const admitted = stageOf('admitted');
    for (const name of ['WATCH', 'SY.NEWID', 'SCRIPT', 'SCAN', 'BLPOP', 'XREAD', 'SUBSCRIBE', 'PUBLISH'])
      expect(admitted, name).toContain(name);
    expect(admitted.filter((n) => LOCAL_COMMANDS.has(n))).toEqual([]);
  });
});
