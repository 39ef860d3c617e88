import { describe, expect, it } from 'vitest';
import { validClientName } from './client-command.ts';
import { infoSections } from './info.ts';
import { keyError, keyIndices } from '@switchyard/core';
import { commandSpec } from '../routing/command-table.ts';

describe('infoSections (Redis 7 genInfoSectionDict)', () => {
  // The default order itself is checked against a real redis-server (test/redis-semantics.int.test.ts).
  it('defaults, all and everything, each once, Switchyard last', () => {
    const defaults = infoSections([]);
    expect(new Set(defaults).size).toBe(defaults.length);
    expect(defaults.slice(-2)).toEqual(['keyspace', 'switchyard']);
    expect(defaults).not.toContain('commandstats');
    expect(infoSections(['default'])).toEqual(infoSections([]));
    expect(infoSections(['all'])).toContain('commandstats');
    expect(infoSections(['EVERYTHING'])).toEqual(infoSections(['all']));
    expect(infoSections(['cpu', 'all']).filter((s) => s === 'cpu')).toHaveLength(1);
    expect(infoSections(['clients', 'Server'])).toEqual(['server', 'clients']);
    expect(infoSections(['proxy'])).toEqual(['switchyard']);
    expect(infoSections(['sentinel'])).toEqual(['sentinel']);
  });
});

// The proxy finds a bad numkeys while extracting keys (plan.ts), before Redis could: the
// texts come from core's keyError, the same table as everything else.
const reader = (args: string[]) => ({ argc: args.length, latin1: (i: number) => args[i]! });

describe('numkeys errors (Redis texts)', () => {
  it.each([
    [['EVAL', 'return 1', '-1'], "ERR Number of keys can't be negative"],
    [['EVAL', 'return 1', '2', 'k'], "ERR Number of keys can't be greater than number of args"],
    [['FCALL', 'f', 'x', 'k'], 'ERR value is not an integer or out of range'],
    [['ZUNION', '0', 'k'], "ERR at least 1 input key is needed for 'zunion' command"],
    [['ZINTERSTORE', 'd', '3', 'a', 'b'], 'ERR syntax error'],
  ])('%j', (args, text) => {
    const spec = commandSpec(args[0]!)!;
    const r = reader(args);
    const indices = keyIndices(spec, r);
    // Either no key list at all, or (ZUNION 0) an empty one: both are answered with Redis's text.
    expect(indices === null || indices.length === 0).toBe(true);
    expect(keyError(spec, r)).toBe(text);
  });

  it('finds the keys when numkeys is fine', () => {
    expect(keyIndices(commandSpec('EVAL')!, reader(['EVAL', 'return 1', '0']))).toEqual([]);
    expect(keyIndices(commandSpec('ZUNION')!, reader(['ZUNION', '2', 'a', 'b']))).toEqual([2, 3]);
  });
});

describe('validClientName', () => {
  it("refuses what Redis refuses (outside '!'..'~')", () => {
    for (const bad of ['a b', 'a\nb', 'tab\t', 'é']) expect(validClientName(Buffer.from(bad))).toBe(false);
    for (const ok of ['svc-1', 'a:b/c', '', '~!']) expect(validClientName(Buffer.from(ok))).toBe(true);
  });
});
