import { describe, expect, it } from 'vitest';
import { validClientName } from './client-command.ts';
import { infoSections } from './info.ts';
import { numkeysError } from './numkeys-error.ts';

describe('infoSections (Redis 7 genInfoSectionDict)', () => {
  it('defaults, all and everything, in Redis order, each once', () => {
    expect(infoSections([])).toEqual(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace', 'switchyard']);
    expect(infoSections(['default'])).toEqual(infoSections([]));
    expect(infoSections(['all'])).toContain('commandstats');
    expect(infoSections(['EVERYTHING'])).toEqual(infoSections(['all']));
    expect(infoSections(['cpu', 'all']).filter((s) => s === 'cpu')).toHaveLength(1);
    expect(infoSections(['clients', 'Server'])).toEqual(['server', 'clients']);
    expect(infoSections(['proxy'])).toEqual(['switchyard']);
    expect(infoSections(['sentinel'])).toEqual(['sentinel']);
  });
});

describe('numkeysError (Redis texts)', () => {
  it.each([
    ['EVAL', '-1', 0, "ERR Number of keys can't be negative"],
    ['EVAL', '2', 1, "ERR Number of keys can't be greater than number of args"],
    ['FCALL', 'x', 1, 'ERR value is not an integer or out of range'],
    ['ZUNION', '0', 1, "ERR at least 1 input key is needed for 'zunion' command"],
    ['ZINTERSTORE', '3', 2, 'ERR syntax error'],
  ])('%s numkeys %s with %i args after it', (name, raw, rest, text) => {
    expect(numkeysError(name, raw, rest)?.toString()).toBe(`-${text}\r\n`);
  });

  it('is null when numkeys is fine', () => {
    expect(numkeysError('EVAL', '0', 0)).toBeNull();
    expect(numkeysError('ZUNION', '2', 2)).toBeNull();
  });
});

describe('validClientName', () => {
  it("refuses what Redis refuses (outside '!'..'~')", () => {
    for (const bad of ['a b', 'a\nb', 'tab\t', 'é']) expect(validClientName(Buffer.from(bad))).toBe(false);
    for (const ok of ['svc-1', 'a:b/c', '', '~!']) expect(validClientName(Buffer.from(ok))).toBe(true);
  });
});
